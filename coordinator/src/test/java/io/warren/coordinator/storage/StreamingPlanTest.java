package io.warren.coordinator.storage;

import io.warren.api.InvalidJobException;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Streaming;
import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A streaming job's spec is checked when it is submitted: each mistake fails the job with a reason a user can act on. */
class StreamingPlanTest {
    @TempDir
    Path root;
    private FileJobPlanner planner;

    @BeforeEach
    void files() throws IOException {
        StorageLayout layout = StorageLayout.under(root);
        planner = new FileJobPlanner(layout, new AppCatalog(layout), true);
        Files.createDirectories(root.resolve("in"));
        Files.writeString(root.resolve("in/a.txt"), "alpha\n");
    }

    private static JobSpec spec(String app, String jar, Streaming streaming) {
        return JobSpec.of("s", app, jar, List.of("in/*.txt"), "out", 2, Map.of()).withStreaming(streaming);
    }

    private static Streaming.ShippedFile file(String name, int bytes) {
        return Streaming.file(name, new byte[bytes], false);
    }

    @Test
    void aValidStreamingJobIsPlannedLikeAnyLineJob() {
        Streaming ok = new Streaming("python3 map.py", "python3 reduce.py", null, List.of(file("map.py", 10), file("reduce.py", 10)));
        assertThat(planner.plan(spec(null, null, ok))).hasSize(1);
        assertThat(planner.plan(spec(Streaming.APP, null, ok))).hasSize(1);
        assertThat(spec(null, null, ok).appName()).isEqualTo(Streaming.APP);
    }

    @Test
    void mistakesAreRefusedWithTheirReason() {
        Streaming ok = new Streaming("cat", null, null, List.of());
        assertRefused(spec("wordcount", null, ok), "either an \"app\" or \"streaming\" commands, not both");
        assertRefused(spec(null, "jobs/x.jar", ok), "a streaming job has no \"jar\"");
        assertRefused(spec(null, null, new Streaming(" ", null, null, List.of())), "needs a \"mapper\" command");
        assertRefused(spec(null, null, new Streaming("awk '{ print }", null, null, List.of())), "mapper command 'awk '{ print }' has an unclosed '");
        assertRefused(spec(null, null, new Streaming("cat", "sort \"-k", null, List.of())), "reducer command");
        assertRefused(spec(null, null, new Streaming("cat", null, null, List.of(file("a/b.py", 1)))), "'a/b.py' is not allowed: use a plain file name");
        assertRefused(spec(null, null, new Streaming("cat", null, null, List.of(file("..", 1)))), "'..' is not allowed");
        assertRefused(spec(null, null, new Streaming("cat", null, null, List.of(file("a.py", 1), file("a.py", 2)))), "'a.py' is shipped twice");
        assertRefused(spec(null, null, new Streaming("cat", null, null, List.of(file("big.bin", Streaming.MAX_FILES_BYTES + 1)))),
                "shipped files total more than 512 KiB (at 'big.bin')");
        assertRefused(spec(null, null, new Streaming("cat", null, null,
                List.of(new Streaming.ShippedFile("x.py", "not base64!", null)))), "'x.py': content is not base64");
    }

    private void assertRefused(JobSpec spec, String reason) {
        assertThatThrownBy(() -> planner.plan(spec)).isInstanceOf(InvalidJobException.class).hasMessageContaining(reason);
    }

    @Test
    void commandsSplitIntoWordsLikeAShellDoes() {
        assertThat(Streaming.argv("mapper", "awk -F '\\t' \"{ print \\$1 }\"  x\\ y")).containsExactly("awk", "-F", "\\t", "{ print $1 }", "x y");
        assertThat(Streaming.argv("mapper", "python3 map.py")).containsExactly("python3", "map.py");
        assertThat(Streaming.argv("mapper", "sh -c ''")).containsExactly("sh", "-c", "");
    }

    @Test
    void taskMessagesCarryTheFilesNamesOnly() {
        Streaming s = new Streaming("cat", null, null, List.of(Streaming.file("m.sh", "echo".getBytes(StandardCharsets.UTF_8), true)));
        assertThat(s.withoutContents().files()).containsExactly(new Streaming.ShippedFile("m.sh", null, true));
    }
}
