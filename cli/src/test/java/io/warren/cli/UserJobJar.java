package io.warren.cli;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds the example user job ({@code examples/line-lengths}) into a jar, the way its own pom would: compiled against
 * warren-api only. So the documented example is the one the end-to-end test runs.
 */
final class UserJobJar {
    static final Path SOURCE = Path.of("..", "examples", "line-lengths", "src", "main", "java");

    static Path build(Path dir) throws IOException {
        Path classes = Files.createTempDirectory("line-lengths-classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path source = SOURCE.resolve("com/example/LineLengths.java");
        int rc = javac.run(null, null, null, "--release", "17", "-cp", apiJarOrClasses(), "-d", classes.toString(),
                source.toString());
        if (rc != 0) throw new IllegalStateException("compiling " + source + " failed");
        Files.createDirectories(dir);
        Path jar = dir.resolve("line-lengths.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> paths = Files.walk(classes)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Where warren-api is on this test's classpath. */
    private static String apiJarOrClasses() {
        try {
            return Path.of(io.warren.api.MapReduceJob.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private UserJobJar() {
    }
}
