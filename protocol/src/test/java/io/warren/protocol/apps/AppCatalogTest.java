package io.warren.protocol.apps;

import io.warren.api.InvalidJobException;
import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;
import io.warren.protocol.JobRef;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppCatalogTest {
    private static final String JOB_CLASS = "com.example.jobs.LineCount";
    private static final String JOB_SOURCE = """
            package com.example.jobs;

            import io.warren.api.*;

            public final class LineCount implements MapReduceJob {
                public Mapper mapper(JobContext job) {
                    return (document, line, out) -> out.emit(document, "1");
                }

                public Reducer reducer(JobContext job) {
                    return (document, ones, out) -> {
                        long n = 0;
                        while (ones.hasNext()) { ones.next(); n++; }
                        out.emit(document, Long.toString(n));
                    };
                }
            }
            """;

    @TempDir
    static Path build;
    private static Path compiled;

    @TempDir
    Path root;
    private AppCatalog catalog;

    @BeforeAll
    static void compileAJobOutsideTheClasspath() throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("tests need a JDK").isNotNull();
        Path source = build.resolve("src/com/example/jobs/LineCount.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, JOB_SOURCE);
        compiled = Files.createDirectories(build.resolve("classes"));
        String apiClasspath = Path.of(codeSource(MapReduceJob.class)).toString();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, files, diagnostics,
                    List.of("-d", compiled.toString(), "-classpath", apiClasspath, "--release", "17"), null,
                    files.getJavaFileObjects(source)).call();
            assertThat(ok).as("compiling the job: %s", diagnostics.getDiagnostics()).isTrue();
        }
    }

    @BeforeEach
    void newCatalog() {
        catalog = new AppCatalog(StorageLayout.under(root));
    }

    @Test
    void builtInNamesComeFromTheAppsPropertiesOnTheClasspath() {
        assertThat(catalog.builtIns()).containsEntry("tiny", TinyJob.class.getName());
    }

    @Test
    void builtInNameInstantiatesItsClass() {
        MapReduceJob job = catalog.instantiate(new JobRef("tiny", null, Map.of()));

        assertThat(job).isInstanceOf(TinyJob.class);
    }

    @Test
    void classNameOnTheClasspathInstantiatesThatClass() {
        assertThat(catalog.instantiate(new JobRef(TinyJob.class.getName(), null, Map.of()))).isInstanceOf(TinyJob.class);
    }

    @Test
    void everyInstantiationIsAFreshInstance() {
        JobRef tiny = new JobRef("tiny", null, Map.of());

        assertThat(catalog.instantiate(tiny)).isNotSameAs(catalog.instantiate(tiny));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "wordcount", "com.example.Missing", "tiny "})
    void unknownAppIsRejectedListingTheBuiltIns(String app) {
        assertThatThrownBy(() -> catalog.instantiate(new JobRef(app, null, Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("unknown app")
                .hasMessageContaining("'" + app + "'")
                .hasMessageContaining(catalog.builtIns().keySet().toString())
                .hasMessageContaining("on the classpath");
    }

    @Test
    void classThatIsNotAJobIsRejected() {
        assertThatThrownBy(() -> catalog.instantiate(new JobRef(NotAJob.class.getName(), null, Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining(NotAJob.class.getName())
                .hasMessageContaining("does not implement " + MapReduceJob.class.getName());
    }

    @ParameterizedTest
    @ValueSource(classes = {NeedsAnArgument.class, PrivateConstructor.class})
    void jobWithoutAPublicNoArgumentConstructorIsRejected(Class<?> type) {
        assertThatThrownBy(() -> catalog.instantiate(new JobRef(type.getName(), null, Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining(type.getName())
                .hasMessageContaining("needs a public no-argument constructor");
    }

    @Test
    void constructorFailureIsReportedWithItsCause() {
        assertThatThrownBy(() -> catalog.instantiate(new JobRef(ThrowsInConstructor.class.getName(), null, Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("threw in its constructor")
                .hasMessageContaining("no config here")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingJarIsRejectedNamingIt() {
        assertThatThrownBy(() -> catalog.instantiate(new JobRef(JOB_CLASS, "jobs/missing.jar", Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("'jobs/missing.jar'")
                .hasMessageContaining("does not exist")
                .hasMessageContaining(root.resolve("jobs/missing.jar").toString());
    }

    @Test
    void directoryGivenAsJarIsRejected() throws IOException {
        Files.createDirectories(root.resolve("jobs/dir.jar"));

        assertThatThrownBy(() -> catalog.instantiate(new JobRef(JOB_CLASS, "jobs/dir.jar", Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("'jobs/dir.jar'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a zip at all", "PK\u0003\u0004truncated"})
    void fileThatIsNotAJarIsRejectedNamingIt(String content) throws IOException {
        Path jar = Files.createDirectories(root.resolve("jobs")).resolve("bad.jar");
        Files.writeString(jar, content);

        assertThatThrownBy(() -> catalog.instantiate(new JobRef(JOB_CLASS, "jobs/bad.jar", Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("bad.jar")
                .hasMessageContaining("is not a valid jar file");
    }

    @Test
    void jobInAJarBuiltByTheTestLoadsByClassName() throws Exception {
        jar("jobs/linecount.jar", null);

        MapReduceJob job = catalog.instantiate(new JobRef(JOB_CLASS, "jobs/linecount.jar", Map.of()));

        assertThat(job.getClass().getName()).isEqualTo(JOB_CLASS);
        assertThat(job.getClass().getClassLoader()).isNotSameAs(AppCatalogTest.class.getClassLoader());
        assertThat(runMapAndReduce(job, List.of("a", "b", "c"))).containsExactly("doc.txt=3");
    }

    @Test
    void jarMayDeclareShortNamesOfItsOwn() throws Exception {
        jar("jobs/named.jar", "linecount=" + JOB_CLASS + "\n");

        MapReduceJob job = catalog.instantiate(new JobRef("linecount", "jobs/named.jar", Map.of()));

        assertThat(job.getClass().getName()).isEqualTo(JOB_CLASS);
        assertThat(catalog.builtIns()).doesNotContainKey("linecount");
    }

    @Test
    void tasksOfTheSameJarShareOneClassLoader() throws Exception {
        jar("jobs/shared.jar", null);
        JobRef ref = new JobRef(JOB_CLASS, "jobs/shared.jar", Map.of());

        assertThat(catalog.instantiate(ref).getClass()).isSameAs(catalog.instantiate(ref).getClass());
    }

    @Test
    void catalogsOfOneProcessShareTheJarsClassLoader() throws Exception {
        jar("jobs/shared.jar", null);
        JobRef ref = new JobRef(JOB_CLASS, "jobs/shared.jar", Map.of());
        AppCatalog anotherWorkers = new AppCatalog(StorageLayout.under(root));

        assertThat(anotherWorkers.instantiate(ref).getClass()).isSameAs(catalog.instantiate(ref).getClass());
    }

    @Test
    void aRewrittenJarGetsAClassLoaderOfItsOwn() throws Exception {
        jar("jobs/rewritten.jar", null);
        JobRef ref = new JobRef(JOB_CLASS, "jobs/rewritten.jar", Map.of());
        Class<?> before = catalog.instantiate(ref).getClass();
        jar("jobs/rewritten.jar", "linecount=" + JOB_CLASS + "\n");

        assertThat(new AppCatalog(StorageLayout.under(root)).instantiate(ref).getClass()).isNotSameAs(before);
    }

    @Test
    void jarClassIsUnknownWithoutItsJar() throws Exception {
        jar("jobs/linecount.jar", null);

        assertThatThrownBy(() -> catalog.instantiate(new JobRef(JOB_CLASS, null, Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("unknown app");
    }

    @Test
    void unknownClassInAJarIsReportedAgainstTheJar() throws Exception {
        jar("jobs/linecount.jar", null);

        assertThatThrownBy(() -> catalog.instantiate(new JobRef("com.example.jobs.Other", "jobs/linecount.jar", Map.of())))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("unknown app")
                .hasMessageContaining("in jobs/linecount.jar");
    }

    private void jar(String relative, String appsProperties) throws IOException {
        Path jar = root.resolve(relative);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> classes = Files.walk(compiled)) {
            for (Path file : classes.filter(Files::isRegularFile).toList()) {
                add(out, compiled.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            if (appsProperties != null) {
                add(out, "META-INF/warren/apps.properties", appsProperties.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static void add(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static List<String> runMapAndReduce(MapReduceJob job, List<String> lines) throws Exception {
        JobContext context = new AppContext("job-1", Map.of());
        Mapper mapper = job.mapper(context);
        List<String> ones = new ArrayList<>();
        for (String line : lines) mapper.map("doc.txt", line, (key, value) -> ones.add(value));
        Reducer reducer = job.reducer(context);
        List<String> out = new ArrayList<>();
        reducer.reduce("doc.txt", ones.iterator(), (key, value) -> out.add(key + "=" + value));
        return out;
    }

    private static java.net.URI codeSource(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class NotAJob {
    }

    public static final class NeedsAnArgument extends TinyAdapter {
        public NeedsAnArgument(String setting) {
        }
    }

    public static final class PrivateConstructor extends TinyAdapter {
        private PrivateConstructor() {
        }
    }

    public static final class ThrowsInConstructor extends TinyAdapter {
        public ThrowsInConstructor() {
            throw new IllegalStateException("no config here");
        }
    }

    /** A do-nothing job to extend. */
    public abstract static class TinyAdapter implements MapReduceJob {
        @Override
        public Mapper mapper(JobContext job) {
            return (document, line, out) -> { };
        }

        @Override
        public Reducer reducer(JobContext job) {
            return (key, values, out) -> { };
        }
    }
}
