package io.warren.worker.exec;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.storage.StorageLayout;
import io.warren.worker.io.Codec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A record over the limit fails its task with a clear reason; it never grows the heap without bound. */
class RecordLimitTest {
    private static final int LIMIT = 4_096;
    @TempDir
    Path root;
    private StorageLayout layout;
    private TaskRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        layout = StorageLayout.under(root);
        runner = new TaskRunner(layout, "w-limit-1", new ExecSettings(1 << 20, Codec.LZ4, root.resolve("local"), 4, LIMIT, true), Grants.ALWAYS);
        Files.createDirectories(layout.intermediateDir("job-limit"));
    }

    private MapTask map(String app, String doc, Map<String, String> params) throws Exception {
        return new MapTask("job-limit", 0, 1, new JobRef(app, null, params),
                List.of(InputSplit.wholeFile(doc, Files.size(root.resolve(doc)))), 1, 1_000, List.of());
    }

    @Test
    void aLineLongerThanTheLimitFailsTheTaskNamingFileOffsetAndRemedy() throws Exception {
        Files.writeString(root.resolve("long.txt"), "short line\n" + "x".repeat(LIMIT * 10) + "\nafter\n");
        assertThatThrownBy(() -> runner.run(map("wordcount", "long.txt", Map.of()), new Progress()))
                .isInstanceOf(RecordTooLarge.class)
                .hasMessageContaining("long.txt").hasMessageContaining("starting at byte 11")
                .hasMessageContaining("--max-record-size");
    }

    @Test
    void linesUpToTheLimitAreFine() throws Exception {
        Files.writeString(root.resolve("ok.txt"), "y".repeat(LIMIT - 1) + "\n");
        assertThat(runner.run(map("wordcount", "ok.txt", Map.of()), new Progress())).containsEntry("map.input.records", 1L);
    }

    @Test
    void binaryInputIsReadAsLinesWithReplacementCharacters() throws Exception {
        byte[] binary = new byte[3_000];
        new java.util.Random(4).nextBytes(binary);
        for (int i = 0; i < binary.length; i += 100) binary[i] = '\n';
        binary[binary.length - 1] = '\n';
        Files.write(root.resolve("bin.dat"), binary);
        long lines = 0;
        for (byte b : binary) if (b == '\n') lines++;
        assertThat(runner.run(map("wordcount", "bin.dat", Map.of()), new Progress())).containsEntry("map.input.records", lines);
    }

    @Test
    void anEmittedPairOverTheLimitFailsTheTask() throws Exception {
        Files.writeString(root.resolve("grep.txt"), "z".repeat(LIMIT - 5) + "\n");
        // grep emits (document, line): the line fits the input limit, the pair with its key does not
        assertThatThrownBy(() -> runner.run(map("grep", "grep.txt", Map.of("pattern", "z")), new Progress()))
                .isInstanceOf(RecordTooLarge.class).hasMessageContaining("emitted pair");
    }
}
