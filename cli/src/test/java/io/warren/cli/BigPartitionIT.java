package io.warren.cli;

import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory stays bounded whatever the data size: a worker with a 32 MiB heap maps 128 MiB of input with an 8 MiB sort
 * buffer (so it spills and merges) and then reduces a single partition holding all of it, under a single key, which
 * the reducer receives as a stream.
 */
class BigPartitionIT {
    private static final long INPUT_BYTES = 128L << 20;
    @TempDir
    Path storage;
    private Fleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) fleet.close();
    }

    @Test
    void aPartitionFourTimesTheWorkersHeapIsReducedAsAStream() throws Exception {
        Path input = storage.resolve("in/big.txt");
        Files.createDirectories(input.getParent());
        Random random = new Random(128);
        long lines = 0;
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (long written = 0; written < INPUT_BYTES; lines++) {
                line.setLength(0);
                line.append(lines).append(' ');
                int words = 5 + random.nextInt(20);
                for (int w = 0; w < words; w++) line.append((char) ('a' + random.nextInt(26))).append("xyz ").append(random.nextInt(1000));
                out.write(line.toString());
                out.write('\n');
                written += line.length() + 1;
            }
        }
        fleet = new Fleet("big-partition", storage, "--task-timeout", "60s");
        fleet.startCoordinator();
        fleet.startDistributionWorker(List.of("-Xmx32m"), "--sort-buffer", "8m");

        JobSpec spec = JobSpec.of("big", "grep", null, List.of("in/big.txt"), "out/big", 1, Map.of("pattern", "."))
                .withSplitSize(16L << 20);
        JobUpdate end = fleet.run(spec, Duration.ofMinutes(10));
        assertThat(end.state()).as("%s", fleet.record("big").error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(end.maps()).isEqualTo(8);
        assertThat(fleet.process("worker-1").isAlive()).as("the small-heap worker survived").isTrue();
        assertThat(Files.size(storage.resolve("out/big/mr-out-0"))).isGreaterThan(4L * 32 << 20);

        // grep keeps each document's lines in file order: the output is the input, line by line, with its name.
        try (BufferedReader in = Files.newBufferedReader(input); BufferedReader out = Files.newBufferedReader(storage.resolve("out/big/mr-out-0"))) {
            long n = 0;
            for (String expected = in.readLine(); expected != null; expected = in.readLine(), n++) {
                assertThat(out.readLine()).isEqualTo("in/big.txt " + expected);
            }
            assertThat(out.readLine()).isNull();
            assertThat(n).isEqualTo(lines);
        }
        assertThat(fleet.record("big").counters()).containsEntry("map.input.records", lines)
                .containsEntry("reduce.input.records", lines).containsEntry("reduce.input.groups", 1L);
    }
}
