package io.warren.worker.exec;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.storage.StorageLayout;
import io.warren.worker.io.Codec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whatever a task message says, a worker reads and writes only inside its storage root. */
class ConfinementTest {
    private static final JobRef WORDCOUNT = new JobRef("wordcount", null, Map.of());
    @TempDir
    Path root;
    @TempDir
    Path elsewhere;
    private TaskRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        StorageLayout layout = StorageLayout.under(root);
        runner = new TaskRunner(layout, "w-conf-1", new ExecSettings(1 << 20, Codec.LZ4, root.resolve("local"), 4), Grants.ALWAYS);
        Files.createDirectories(layout.intermediateDir("job-c"));
        Files.writeString(elsewhere.resolve("secret.txt"), "secret words\n");
        Files.createSymbolicLink(root.resolve("link"), elsewhere);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/hostname", "../x/secret.txt", "link/secret.txt", "in/bad\nname.txt"})
    void aForgedInputOutsideTheRootIsRefused(String input) {
        String path = input.replace("../x", "../" + elsewhere.getFileName());
        MapTask task = new MapTask("job-c", 0, 1, WORDCOUNT, List.of(new InputSplit(path, 0, 10)), 1, 1_000, List.of());
        assertThatThrownBy(() -> runner.run(task, new Progress())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp", "../escape", "link"})
    void aForgedOutputOutsideTheRootIsRefusedAndNothingIsWritten(String output) throws Exception {
        ReduceTask task = new ReduceTask("job-c", 0, 1, WORDCOUNT, List.of(), output, 1_000, List.of());
        assertThatThrownBy(() -> runner.run(task, new Progress())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the storage root");
        try (var files = Files.list(elsewhere)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
    }
}
