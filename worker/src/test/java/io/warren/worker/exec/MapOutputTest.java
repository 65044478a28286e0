package io.warren.worker.exec;

import io.warren.api.LongSum;
import io.warren.api.Partitioner;
import io.warren.api.Reducer;
import io.warren.worker.io.Codec;
import io.warren.worker.io.RunReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spilling and merging must give exactly what one in-memory sort gives, however small the buffer. */
class MapOutputTest {
    private static final int REDUCES = 5;
    private static final Reducer SUM = (key, values, out) -> {
        long n = 0;
        while (values.hasNext()) n += Long.parseLong(values.next());
        out.emit(key, Long.toString(n));
    };
    @TempDir
    Path dir;

    private record Pair(String key, String value) {
    }

    private static MapOutput output(int reduces, Reducer combiner, ExecSettings settings, TaskCounters counters,
                                    Progress progress) {
        MapBuffer buffer = MapBuffer.forJob(new Partitions(Partitioner.hash(), reduces), combiner, settings.sortBufferBytes());
        return new MapOutput(buffer, reduces, settings, counters, progress);
    }

    private List<Pair> pairs(long seed) {
        Random random = new Random(seed);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            pairs.add(new Pair("k" + random.nextInt(2_000) + (random.nextInt(50) == 0 ? "é" : ""), Integer.toString(random.nextInt(9) + 1)));
        }
        return pairs;
    }

    private Path[] run(List<Pair> pairs, long buffer, Reducer combiner, TaskCounters counters) throws IOException {
        ExecSettings settings = new ExecSettings(buffer, Codec.LZ4, dir.resolve("local"), 4);
        return run(pairs, settings, combiner, counters, new Progress(), dir.resolve("out-" + buffer));
    }

    private Path[] run(List<Pair> pairs, ExecSettings settings, Reducer combiner, TaskCounters counters, Progress progress,
                       Path outputDir) throws IOException {
        MapOutput out = output(REDUCES, combiner, settings, counters, progress);
        for (Pair p : pairs) out.add(p.key, p.value);
        Path[] finals = new Path[REDUCES];
        Files.createDirectories(outputDir);
        for (int r = 0; r < REDUCES; r++) finals[r] = outputDir.resolve("part-" + r);
        out.finish(FinalFiles.at(finals));
        return finals;
    }

    private static List<Pair> read(Path file) throws IOException {
        List<Pair> records = new ArrayList<>();
        try (RunReader in = new RunReader(Files.newInputStream(file), file.toString())) {
            while (in.next()) records.add(new Pair(in.key(), in.value()));
        }
        return records;
    }

    @ParameterizedTest
    @ValueSource(longs = {1024, 8 * 1024, 100 * 1024, 64L << 20})
    void withoutACombinerEveryPartitionIsItsPairsStablySortedByKey(long buffer) throws IOException {
        List<Pair> pairs = pairs(1);
        TaskCounters counters = new TaskCounters();
        Path[] parts = run(pairs, buffer, null, counters);
        for (int r = 0; r < REDUCES; r++) {
            int partition = r;
            List<Pair> expected = new ArrayList<>(pairs.stream().filter(p -> Partitioner.hash().partition(p.key, REDUCES) == partition).toList());
            expected.sort(Comparator.comparing((Pair p) -> p.key.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
            assertThat(read(parts[r])).isEqualTo(expected);
        }
        assertThat(counters.snapshot()).containsEntry("map.output.records", (long) pairs.size());
        long written = 0;
        for (Path part : parts) written += Files.size(part);
        assertThat(counters.snapshot()).containsEntry("map.output.bytes", written);
        if (buffer < 100 * 1024) assertThat(counters.snapshot().get("spilled.records")).isGreaterThan(pairs.size() - 1L);
        try (var left = Files.list(dir.resolve("local"))) {
            assertThat(left).as("spill files are deleted").isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            assertThat(buffer).as("no spill directory without spills").isEqualTo(64L << 20);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1024, 8 * 1024, 100 * 1024, 64L << 20})
    void withACombinerEachKeyEndsUpOnceWithItsTotal(long buffer) throws IOException {
        List<Pair> pairs = pairs(2);
        Map<String, Long> totals = new TreeMap<>();
        pairs.forEach(p -> totals.merge(p.key, Long.parseLong(p.value), Long::sum));
        TaskCounters counters = new TaskCounters();
        Path[] parts = run(pairs, buffer, SUM, counters);
        Map<String, Long> seen = new TreeMap<>();
        for (int r = 0; r < REDUCES; r++) {
            List<Pair> records = read(parts[r]);
            for (Pair p : records) {
                assertThat(Partitioner.hash().partition(p.key, REDUCES)).isEqualTo(r);
                assertThat(seen.put(p.key, Long.parseLong(p.value))).as("key %s once", p.key).isNull();
            }
        }
        assertThat(seen).isEqualTo(totals);
        assertThat(counters.snapshot().get("combine.input.records")).isGreaterThanOrEqualTo((long) pairs.size());
    }

    @Test
    void withACombinerPairsOfEqualValuesStillSpillWhenTheirKeysFillTheBuffer() throws IOException {
        List<Pair> pairs = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 30_000; i++) pairs.add(new Pair("k" + random.nextInt(2_000), "1"));
        TaskCounters counters = new TaskCounters();
        Path[] parts = run(pairs, 8 * 1024, SUM, counters);
        long total = 0;
        for (Path part : parts) {
            for (Pair p : read(part)) total += Long.parseLong(p.value);
        }
        assertThat(total).isEqualTo(pairs.size());
        assertThat(counters.snapshot().get("spilled.records")).as("2,000 keys do not fit in 8 KiB").isGreaterThan(2_000L);
        assertThat(counters.snapshot().get("combine.input.records")).isGreaterThanOrEqualTo((long) pairs.size());
    }

    @ParameterizedTest
    @ValueSource(longs = {1024, 8 * 1024, 100 * 1024, 64L << 20})
    void aLongSumCombinerWritesWhatTheSameSumAsAUserCombinerWrites(long buffer) throws IOException {
        List<Pair> pairs = pairs(4);
        Path[] expected = run(pairs, buffer, SUM, new TaskCounters());

        ExecSettings settings = new ExecSettings(buffer, Codec.LZ4, dir.resolve("local"), 4);
        TaskCounters counters = new TaskCounters();
        MapOutput out = output(REDUCES, LongSum.reducer(), settings, counters, new Progress());
        for (int i = 0; i < pairs.size(); i++) { // as numbers and as text, from Strings and from bytes
            Pair p = pairs.get(i);
            byte[] key = ("xx" + p.key).getBytes(StandardCharsets.UTF_8);
            byte[] value = p.value.getBytes(StandardCharsets.UTF_8);
            switch (i % 3) {
                case 0 -> out.addLong(key, 2, key.length - 2, Long.parseLong(p.value));
                case 1 -> out.add(key, 2, key.length - 2, value, 0, value.length);
                default -> out.add(p.key, p.value);
            }
        }
        Path outputDir = Files.createDirectories(dir.resolve("long-sum-" + buffer));
        Path[] actual = new Path[REDUCES];
        for (int r = 0; r < REDUCES; r++) actual[r] = outputDir.resolve("part-" + r);
        out.finish(FinalFiles.at(actual));

        for (int r = 0; r < REDUCES; r++) assertThat(read(actual[r])).isEqualTo(read(expected[r]));
        // Every pair is added once, and every spilled record is read once more by the final merge.
        long spilled = counters.snapshot().get("spilled.records");
        assertThat(counters.snapshot()).containsEntry("map.output.records", (long) pairs.size())
                .containsEntry("combine.input.records", pairs.size() + spilled);
    }

    @Test
    void aLongSumCombinerRejectsAValueThatIsNotANumberAndASumThatOverflowsNamingTheKey() {
        ExecSettings settings = new ExecSettings(1 << 20, Codec.LZ4, dir.resolve("local"), 4);
        MapOutput text = output(2, LongSum.reducer(), settings, new TaskCounters(), new Progress());
        assertThatThrownBy(() -> text.add("apple", "3x")).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("apple").hasMessageContaining("3x");
        MapOutput big = output(2, LongSum.reducer(), settings, new TaskCounters(), new Progress());
        byte[] key = "pear".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> {
            big.addLong(key, 0, key.length, Long.MAX_VALUE);
            big.addLong(key, 0, key.length, 1);
        }).isInstanceOf(ArithmeticException.class).hasMessageContaining("pear");
    }

    @Test
    void withoutACombinerManySpillsAreMergedInPassesOfTheMergeFactorToTheSameOutput() throws IOException {
        assertAMergeFactorOfTwoChangesNothingButAddsPasses(null);
    }

    @Test
    void withACombinerManySpillsAreMergedInPassesOfTheMergeFactorToTheSameOutputAndCounters() throws IOException {
        assertAMergeFactorOfTwoChangesNothingButAddsPasses(SUM);
    }

    private void assertAMergeFactorOfTwoChangesNothingButAddsPasses(Reducer combiner) throws IOException {
        List<Pair> pairs = pairs(3).subList(0, 6_000);
        TaskCounters oneMergeCounters = new TaskCounters();
        Progress oneMerge = new Progress();
        Path[] expected = run(pairs, new ExecSettings(1024, Codec.LZ4, dir.resolve("local"), 1_000_000), combiner,
                oneMergeCounters, oneMerge, dir.resolve("one-merge"));
        TaskCounters passCounters = new TaskCounters();
        Progress passes = new Progress();
        Path[] actual = run(pairs, new ExecSettings(1024, Codec.LZ4, dir.resolve("local"), 2), combiner, passCounters,
                passes, dir.resolve("passes"));

        for (int r = 0; r < REDUCES; r++) assertThat(read(actual[r])).isEqualTo(read(expected[r]));
        assertThat(passCounters.snapshot()).isEqualTo(oneMergeCounters.snapshot());
        assertThat(passCounters.snapshot().get("spilled.records")).as("many spills").isGreaterThan(200L);
        assertThat(passes.ticks() - oneMerge.ticks()).as("records written by intermediate merge passes")
                .isGreaterThan(passCounters.snapshot().get("spilled.records"));
        try (var left = Files.list(dir.resolve("local"))) {
            assertThat(left).as("spill and merge scratch files are deleted").isEmpty();
        }
    }

    @Test
    void aTaskThatFailsAfterSpillingLeavesNoSpillBehind() throws IOException {
        ExecSettings settings = new ExecSettings(1024, Codec.LZ4, dir.resolve("local"), 4);
        MapOutput out = output(REDUCES, null, settings, new TaskCounters(), new Progress());
        for (Pair p : pairs(6).subList(0, 2_000)) out.add(p.key, p.value);
        try (var spills = Files.list(dir.resolve("local"))) {
            assertThat(spills).as("spills of a 1 KiB buffer").isNotEmpty();
        }
        out.discard();
        try (var left = Files.list(dir.resolve("local"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aLateAttemptWhoseIntermediateDirectoryIsGoneFailsWithoutBringingItBack() throws IOException {
        ExecSettings settings = new ExecSettings(1 << 20, Codec.LZ4, dir.resolve("local"), 4);
        MapOutput out = output(2, null, settings, new TaskCounters(), new Progress());
        out.add("key", "value");
        Path gone = dir.resolve("jobs/ended/intermediate");
        Path[] finals = {gone.resolve("w-0-0"), gone.resolve("w-0-1")};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.finish(FinalFiles.at(finals))).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(gone).doesNotExist();
    }
}
