package io.warren.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The join in {@code examples/join}, compiled from its source into a job jar and run in local mode over seeded users
 * and orders: its output is exactly what a sequential join of the same files gives.
 */
class JoinExampleTest {
    private static final Path SOURCE = Path.of("..", "examples", "join", "src", "main", "java");

    @TempDir
    Path dir;

    @Test
    void theExampleJoinGivesWhatASequentialJoinGives() throws Exception {
        Random random = new Random(2323);
        Map<String, String> names = new HashMap<>();
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 2000; u++) {
            if (random.nextInt(20) == 0) continue; // a user some orders name but the users file lacks
            names.put("u" + u, "name-" + Integer.toString(random.nextInt(1 << 20), 36));
            users.add("u" + u + "," + names.get("u" + u));
        }
        Files.createDirectories(dir.resolve("orders"));
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<String> orders = new ArrayList<>();
            for (int o = 0; o < 4000; o++) {
                String id = "o" + f + "-" + o;
                String user = "u" + random.nextInt(2000);
                String amount = random.nextInt(100) + "." + random.nextInt(10) + random.nextInt(10);
                orders.add(id + "," + user + "," + amount);
                if (names.containsKey(user)) expected.add(user + " " + names.get(user) + "," + id + "," + amount);
            }
            Files.write(dir.resolve("orders/part-" + f + ".csv"), orders, StandardCharsets.UTF_8);
        }
        Files.write(dir.resolve("users.csv"), users, StandardCharsets.UTF_8);
        Path out = dir.resolve("joined");

        int code = Main.execute("run", "--jar", exampleJar().toString(), "--app", "com.example.UserOrders",
                "--input-mapper", "users=" + dir.resolve("users.csv"), "--input-mapper", "orders=" + dir + "/orders/*.csv",
                "--output", out.toString(), "--reduces", "3", "--workers", "2", "--split-size", "32k");

        assertThat(code).isZero();
        List<String> actual = new ArrayList<>();
        for (int r = 0; r < 3; r++) actual.addAll(Files.readAllLines(out.resolve("mr-out-" + r), StandardCharsets.UTF_8));
        Collections.sort(actual);
        Collections.sort(expected);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void anInputMapperTheJobDoesNotOfferFailsTheJobNamingIt() throws Exception {
        Files.write(dir.resolve("users.csv"), List.of("u1,ann"), StandardCharsets.UTF_8);
        Path out = dir.resolve("joined");

        int code = Main.execute("run", "--jar", exampleJar().toString(), "--app", "com.example.UserOrders",
                "--input-mapper", "customers=" + dir.resolve("users.csv"), "--output", out.toString(), "--workers", "1");

        assertThat(code).isNotZero();
        assertThat(out.resolve("_SUCCESS")).doesNotExist();
    }

    /** The example's classes, compiled against the api on this test's class path, in a jar. */
    private Path exampleJar() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(SOURCE)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac exit code").isZero();
        Path jar = dir.resolve("join.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
