package io.warren.cli;

import io.warren.apps.Indexer;
import io.warren.apps.WordCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warren run}: the whole system in one process over the in-process broker, no RabbitMQ needed. */
class LocalModeTest {
    @TempDir
    Path dir;

    /** Warren names documents by their path as given; absolute here, since the test's cwd is the module directory. */
    private static Map<String, Path> byAbsolutePath(Map<String, Path> docs) {
        Map<String, Path> out = new LinkedHashMap<>();
        docs.values().forEach(p -> out.put(p.toAbsolutePath().toString(), p));
        return out;
    }

    @Test
    void wordcountMatchesTheSequentialComputation() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 6, 200, 11);
        Path out = dir.resolve("out");
        int code = Main.execute("run", "--app", "wordcount", "--input", dir + "/in/*.txt", "--output", out.toString(),
                "--reduces", "3", "--workers", "3");
        assertThat(code).isZero();
        assertThat(out.resolve("_SUCCESS")).exists();
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("_SUCCESS", "mr-out-0", "mr-out-1", "mr-out-2");
        }
    }

    @Test
    void aPipelineRunsInLocalModeToo() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 4, 200, 16);
        Path top = dir.resolve("top");
        Path spec = Files.writeString(dir.resolve("pipeline.json"), """
                {"steps": [{"name": "count", "app": "wordcount", "inputs": ["%s/in/*.txt"], "reduces": 3},
                           {"name": "top", "app": "topcount", "inputs": ["@count"], "output": "%s", "reduces": 1,
                            "params": {"n": "10"}}]}""".formatted(dir, top));
        int code = Main.execute("run", "--pipeline", spec.toString(), "--workers", "2");
        assertThat(code).isZero();
        assertThat(Files.readAllLines(top.resolve("mr-out-0")))
                .containsExactlyElementsOf(PipelineIT.top(SequentialReference.run(new WordCount(), Map.of(), docs), 10));
    }

    @Test
    void indexerMatchesTheSequentialComputation() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 5, 100, 12);
        Path out = dir.resolve("idx");
        int code = Main.execute("run", "--app", "indexer", "--input", dir + "/in", "--output", out.toString(),
                "--workers", "2");
        assertThat(code).isZero();
        assertThat(SequentialReference.output(out))
                .isEqualTo(SequentialReference.run(new Indexer(), Map.of(), byAbsolutePath(docs)));
    }

    @Test
    void aJobThatCannotRunFailsWithANonZeroExitAndNoOutput() throws Exception {
        TextGenerator.write(dir, "in", 1, 10, 13);
        Path out = dir.resolve("grep");
        int code = Main.execute("run", "--app", "grep", "--input", dir + "/in/*.txt", "--output", out.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void aFailingMapperFailsTheJobAfterItsAttemptsAndLeavesNoOutput() throws Exception {
        TextGenerator.write(dir, "in", 3, 10, 14);
        Path out = dir.resolve("fail");
        int code = Main.execute("run", "--app", "io.warren.apps.probe.Probe", "--param", "failMapOf=1.txt",
                "--max-attempts", "2", "--input", dir + "/in/*.txt", "--output", out.toString(), "--workers", "2");
        assertThat(code).isEqualTo(1);
        assertThat(out.resolve("_SUCCESS")).doesNotExist();
        if (Files.exists(out)) {
            try (var files = Files.list(out)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void aWholeFileJobGetsEachDocumentInOneCall() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 4, 50, 15);
        Path out = dir.resolve("whole");
        int code = Main.execute("run", "--app", "io.warren.cli.testapps.DocumentLengths", "--input", dir + "/in",
                "--output", out.toString(), "--reduces", "2");
        assertThat(code).isZero();
        assertThat(SequentialReference.output(out)).hasSize(4)
                .isEqualTo(SequentialReference.run(new io.warren.cli.testapps.DocumentLengths(), Map.of(), byAbsolutePath(docs)));
    }

    @Test
    void anOutputDirectoryWithOutputIsRefused() throws Exception {
        TextGenerator.write(dir, "in", 1, 10, 16);
        Path out = dir.resolve("taken");
        Files.createDirectories(out);
        Files.writeString(out.resolve("mr-out-0"), "old 1\n");
        int code = Main.execute("run", "--app", "wordcount", "--input", dir + "/in", "--output", out.toString());
        assertThat(code).isEqualTo(1);
        assertThat(Files.readString(out.resolve("mr-out-0"))).isEqualTo("old 1\n");
    }
}
