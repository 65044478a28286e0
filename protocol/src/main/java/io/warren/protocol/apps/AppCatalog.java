package io.warren.protocol.apps;

import io.warren.api.InvalidJobException;
import io.warren.api.MapReduceJob;
import io.warren.protocol.JobRef;
import io.warren.protocol.Printable;
import io.warren.protocol.storage.StorageLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipFile;

/**
 * Turns a job's {@code app} (a built-in name such as {@code wordcount}, or a class name) and optional {@code jar} into
 * a {@link MapReduceJob}. Names come from every {@code META-INF/warren/apps.properties} visible, so a job jar may
 * declare short names too. The coordinator uses it to check a job at submission, workers to run it; both load the
 * same jar from shared storage. Each jar version gets one class loader in the process, reused by every task of it and by
 * every catalog: in local mode the coordinator and all the workers share one JVM, and with a loader per worker the
 * user's classes were loaded and compiled once per worker, and the engine's calls into them (map, the combiner's
 * reduce) saw a different class from each worker, which a worker process of its own never does.
 */
public final class AppCatalog {
    static final String NAMES_RESOURCE = "META-INF/warren/apps.properties";

    private final JarFiles jars;
    private final ClassLoader parent;
    /** By parent and jar version, for the whole process; never closed, as a worker runs a jar's tasks until it ends. */
    private static final Map<JarKey, URLClassLoader> JAR_LOADERS = new ConcurrentHashMap<>();
    /** Scanning the classpath for name files costs a millisecond or more, so each loader is scanned once. */
    private final Map<ClassLoader, Map<String, String>> namesByLoader = new ConcurrentHashMap<>();

    /** Where a job's {@code jar} is read from: a local copy of what the name names. */
    @FunctionalInterface
    public interface JarFiles {
        Path localCopy(String jar) throws IOException;
    }

    /** Jars named by paths on the storage. */
    public AppCatalog(StorageLayout layout) {
        this(layout::resolve, AppCatalog.class.getClassLoader());
    }

    /** Jars found through {@code jars} (which may fetch them from elsewhere, such as a bucket). */
    public AppCatalog(JarFiles jars) {
        this(jars, AppCatalog.class.getClassLoader());
    }

    AppCatalog(StorageLayout layout, ClassLoader parent) {
        this(layout::resolve, parent);
    }

    private AppCatalog(JarFiles jars, ClassLoader parent) {
        this.jars = jars;
        this.parent = parent;
    }

    /** A fresh instance of the job's class; throws {@link InvalidJobException} with a message a user can act on. */
    public MapReduceJob instantiate(JobRef job) {
        ClassLoader loader = job.jar() == null ? parent : jarLoader(job.jar());
        Map<String, String> names = names(loader);
        String className = names.getOrDefault(job.app(), job.app());
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidJobException("unknown app " + Printable.quote(job.app()) + ": it is neither a built-in app "
                    + names.keySet() + " nor a class found " + (job.jar() == null ? "on the classpath" : "in " + job.jar())
                    + (e instanceof LinkageError ? " (" + e + ")" : ""));
        }
        if (!MapReduceJob.class.isAssignableFrom(type)) {
            throw new InvalidJobException("app class " + className + " does not implement " + MapReduceJob.class.getName());
        }
        try {
            return (MapReduceJob) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new InvalidJobException("app class " + className + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new InvalidJobException("app class " + className + " threw in its constructor: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InvalidJobException("cannot instantiate app class " + className + ": " + e, e);
        }
    }

    /** The short app names known without a jar, with their classes. */
    public Map<String, String> builtIns() {
        return names(parent);
    }

    private Map<String, String> names(ClassLoader loader) {
        return namesByLoader.computeIfAbsent(loader, AppCatalog::scanNames);
    }

    private static Map<String, String> scanNames(ClassLoader loader) {
        Map<String, String> names = new TreeMap<>();
        try {
            for (URL url : Collections.list(loader.getResources(NAMES_RESOURCE))) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                p.stringPropertyNames().forEach(n -> names.putIfAbsent(n, p.getProperty(n).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NAMES_RESOURCE, e);
        }
        return java.util.Collections.unmodifiableMap(names);
    }

    private ClassLoader jarLoader(String jar) {
        Path path;
        try {
            path = jars.localCopy(jar);
        } catch (IOException e) {
            throw new InvalidJobException("cannot fetch job jar " + Printable.quote(jar) + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidJobException("job jar " + Printable.quote(jar) + " does not exist (looked at " + path + ")");
        }
        try {
            JarKey key = new JarKey(parent, path, Files.getLastModifiedTime(path), Files.size(path));
            return JAR_LOADERS.computeIfAbsent(key, k -> open(k.path));
        } catch (IOException e) {
            throw new InvalidJobException("cannot read job jar " + Printable.quote(jar) + ": " + e.getMessage(), e);
        }
    }

    private URLClassLoader open(Path jar) {
        try (ZipFile ignored = new ZipFile(jar.toFile())) {
            // opened only to check that it is a readable jar, with a clear message if not
        } catch (IOException e) {
            throw new InvalidJobException("job jar " + jar + " is not a valid jar file: " + e.getMessage(), e);
        }
        try {
            return new URLClassLoader("job-" + jar.getFileName(), new URL[]{jar.toUri().toURL()}, parent);
        } catch (MalformedURLException e) {
            throw new InvalidJobException("cannot load job jar " + jar, e);
        }
    }

    private record JarKey(ClassLoader parent, Path path, FileTime modified, long size) {
    }
}
