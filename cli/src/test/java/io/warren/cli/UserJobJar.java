package io.warren.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the example user job ({@code examples/line-lengths}) the way the README tells a user to: {@code ./mvnw install
 * -DskipTests -pl api -am} at the root, then {@code mvn package} in the example's directory (here with the Maven
 * wrapper). So the documented commands and the example's own pom are what the end-to-end test runs.
 * <p>
 * Both builds install into a local repository of their own (in target/), which reads what this build has already
 * downloaded ({@code warren.maven.repo}, set by the pom) as a read-only tail: a user's {@code ~/.m2} gets no snapshot
 * from a test, and an earlier install of warren-api elsewhere cannot stand in for the one in this checkout.
 */
final class UserJobJar {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path EXAMPLE = ROOT.resolve("examples/line-lengths");
    /** Kept between runs (until mvn clean), so what only these builds need (the install plugin) is fetched once. */
    static final Path REPO = Path.of("target", "example-repository").toAbsolutePath();
    private static final long BUILD_TIMEOUT_MINUTES = 5;

    static Path build(Path dir) throws IOException, InterruptedException {
        Path repo = Files.createDirectories(REPO);
        maven(repo, ROOT, "install", "-DskipTests", "-pl", "api", "-am"); // replaces what an earlier run installed
        maven(repo, EXAMPLE, "clean", "package"); // clean: no class or jar left from an earlier build counts
        Files.createDirectories(dir);
        return Files.copy(EXAMPLE.resolve("target/line-lengths.jar"), dir.resolve("line-lengths.jar"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static void maven(Path repo, Path workDir, String... goals) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q",
                "-Dmaven.repo.local=" + repo,
                "-Dmaven.repo.local.tail=" + System.getProperty("warren.maven.repo",
                        Path.of(System.getProperty("user.home"), ".m2", "repository").toString())));
        cmd.addAll(List.of(goals));
        Path log = Files.createTempFile("warren-example-build", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home")); // the JDK this test runs on
        Process p = pb.start();
        try {
            boolean done = p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!done) p.destroyForcibly();
            if (!done || p.exitValue() != 0) {
                throw new AssertionError("in " + workDir + ": " + String.join(" ", cmd)
                        + (done ? " failed (exit " + p.exitValue() + ")" : " did not finish in " + BUILD_TIMEOUT_MINUTES + " min")
                        + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private UserJobJar() {
    }
}
