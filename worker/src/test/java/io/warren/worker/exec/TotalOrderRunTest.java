package io.warren.worker.exec;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.TotalOrder;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in sort with a total order, map and reduce attempts run through {@link TaskRunner}: the outputs read in
 * order are the input's lines sorted by their first ten bytes, and with 30% of the lines on three keys the reduces
 * still get about the same share.
 */
class TotalOrderRunTest {
    private static final String JOB_ID = "job-total-order";
    private static final String WORKER = "worker-a-1";
    private static final int REDUCES = 8;
    private static final int FILES = 4;
    private static final int LINES = 20_000;

    @TempDir
    Path root;

    /** gensort-like lines: a ten-letter key, then a record number and padding, or one of three hot keys. */
    private List<String> writeInput(StorageLayout layout, double hotShare) throws IOException {
        Random random = new Random(23);
        String[] hot = {"HOTKEY0001", "KEYHOT0002", "QHOT000003"};
        List<String> all = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < LINES; i++) {
                String key;
                if (random.nextDouble() < hotShare) {
                    key = hot[random.nextInt(hot.length)];
                } else {
                    StringBuilder k = new StringBuilder();
                    for (int j = 0; j < 10; j++) k.append((char) ('!' + random.nextInt(94)));
                    key = k.toString();
                }
                String line = key + "  " + String.format("%08d", f * LINES + i) + " 0123456789ABCDEF";
                all.add(line);
                text.append(line).append('\n');
            }
            Files.createDirectories(layout.resolve("in"));
            Files.writeString(layout.resolve("in/part-" + f), text.toString());
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.3})
    void theOutputsReadInOrderAreTheLinesSortedAndTheReducesBalanced(double hotShare) throws Exception {
        StorageLayout layout = StorageLayout.under(root);
        List<String> lines = writeInput(layout, hotShare);
        Files.createDirectories(layout.intermediateDir(JOB_ID));
        TaskRunner runner = new TaskRunner(layout, WORKER, new ExecSettings(1 << 20, ExecSettings.DEFAULT_CODEC,
                root.resolve("local"), 4), Grants.ALWAYS);
        List<List<InputSplit>> maps = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            long size = Files.size(layout.resolve("in/part-" + f));
            maps.add(List.of(new InputSplit("in/part-" + f, 0, size / 2)));
            maps.add(List.of(new InputSplit("in/part-" + f, size / 2, size - size / 2)));
        }
        JobRef sort = new JobRef("sort", null, Map.of("key-bytes", "10"), null, TotalOrder.plan(maps));
        for (int m = 0; m < maps.size(); m++) runner.run(new MapTask(JOB_ID, m, 1, sort, maps.get(m), REDUCES, 1_000, List.of()), new Progress());
        List<String> winners = Collections.nCopies(maps.size(), WORKER);
        for (int r = 0; r < REDUCES; r++) runner.run(new ReduceTask(JOB_ID, r, 1, sort, winners, "out", 1_000, List.of()), new Progress());

        List<String> output = new ArrayList<>();
        long[] sizes = new long[REDUCES];
        for (int r = 0; r < REDUCES; r++) {
            List<String> part = Files.readAllLines(layout.resolve("out").resolve(FileNames.output(r)), StandardCharsets.UTF_8);
            sizes[r] = part.size();
            output.addAll(part);
        }
        assertThat(output).extracting(line -> line.substring(0, 10)).isSorted();
        List<String> expected = new ArrayList<>(lines);
        expected.sort(Comparator.naturalOrder());
        List<String> actual = new ArrayList<>(output);
        actual.sort(Comparator.naturalOrder());
        assertThat(actual).isEqualTo(expected);
        long max = java.util.Arrays.stream(sizes).max().orElseThrow();
        assertThat(max).as("largest reduce over the mean, reduces %s", java.util.Arrays.toString(sizes))
                .isLessThanOrEqualTo((long) (1.5 * lines.size() / REDUCES));
    }
}
