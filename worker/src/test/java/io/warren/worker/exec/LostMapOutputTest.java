package io.warren.worker.exec;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import io.warren.worker.io.Codec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A reduce never reads a damaged map output as data: it names the map task so the coordinator can make it again. */
class LostMapOutputTest {
    private static final String JOB = "job-lost";
    private static final String WORKER = "w-lost-1";
    private static final JobRef WORDCOUNT = new JobRef("wordcount", null, Map.of());
    @TempDir
    Path root;
    private StorageLayout layout;
    private TaskRunner runner;

    @BeforeEach
    void mapThreeDocuments() throws Exception {
        layout = StorageLayout.under(root);
        runner = new TaskRunner(layout, WORKER, new ExecSettings(1 << 20, Codec.LZ4, root.resolve("local"), 2), Grants.ALWAYS);
        Files.createDirectories(layout.intermediateDir(JOB));
        for (int m = 0; m < 3; m++) {
            String doc = "in/" + m + ".txt";
            Path p = root.resolve(doc);
            Files.createDirectories(p.getParent());
            Files.writeString(p, ("alpha beta gamma delta " + m + "\n").repeat(2_000));
            runner.run(new MapTask(JOB, m, 1, WORDCOUNT, List.of(InputSplit.wholeFile(doc, Files.size(p))), 1, 1_000, List.of()), new Progress());
        }
    }

    private ReduceTask reduce() {
        return new ReduceTask(JOB, 0, 1, WORDCOUNT, List.of(WORKER, WORKER, WORKER), "out", 1_000, List.of());
    }

    private Path mapOutput(int m) {
        return layout.intermediateDir(JOB).resolve(FileNames.intermediate(WORKER, m, 0));
    }

    @Test
    void aTruncatedMapOutputIsReportedAsLostWithItsMapTask() throws IOException {
        byte[] bytes = Files.readAllBytes(mapOutput(1));
        Files.write(mapOutput(1), java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> runner.run(reduce(), new Progress())).isInstanceOf(LostMapOutputs.class)
                .satisfies(e -> assertThat(((LostMapOutputs) e).mapTasks()).containsExactly(1))
                .hasMessageContaining("truncated");
        assertThat(root.resolve("out/mr-out-0")).doesNotExist();
    }

    @Test
    void aCorruptedMapOutputIsReportedAsLostWithItsMapTask() throws IOException {
        byte[] bytes = Files.readAllBytes(mapOutput(2));
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(mapOutput(2), bytes);
        assertThatThrownBy(() -> runner.run(reduce(), new Progress())).isInstanceOf(LostMapOutputs.class)
                .satisfies(e -> assertThat(((LostMapOutputs) e).mapTasks()).containsExactly(2))
                .hasMessageContaining("corrupt intermediate file");
    }

    @Test
    void aMissingMapOutputIsReportedAsLostWithItsMapTask() throws IOException {
        Files.delete(mapOutput(0));
        assertThatThrownBy(() -> runner.run(reduce(), new Progress())).isInstanceOf(LostMapOutputs.class)
                .satisfies(e -> assertThat(((LostMapOutputs) e).mapTasks()).containsExactly(0))
                .hasMessageContaining("missing");
    }

    @Test
    void withMoreInputsThanTheMergeFactorTheLostOneIsStillNamed() throws IOException {
        byte[] bytes = Files.readAllBytes(mapOutput(2));
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(mapOutput(2), bytes);
        assertThatThrownBy(() -> runner.run(reduce(), new Progress())).isInstanceOf(LostMapOutputs.class)
                .satisfies(e -> assertThat(((LostMapOutputs) e).mapTasks()).contains(2));
    }

    @Test
    void anIntactPartitionReducesToTheRightCountsAndCountersAcrossMergePasses() throws Exception {
        Map<String, Long> counters = runner.run(reduce(), new Progress());
        assertThat(Files.readAllLines(root.resolve("out/mr-out-0")))
                .containsExactly("alpha 6000", "beta 6000", "delta 6000", "gamma 6000");
        assertThat(counters).containsEntry("reduce.input.groups", 4L).containsEntry("reduce.output.records", 4L)
                .containsEntry("reduce.input.records", 12L);
    }
}
