package io.warren.worker.exec;

import io.warren.api.Partitioner;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Range partitions never go down as the key grows, and share the keys out evenly, hot keys too when allowed. */
class SplitPointsTest {
    private static final int REDUCES = 8;

    /** Records of ten random letters, {@code hotShare} of them on three hot keys. */
    private static List<byte[]> records(long seed, int n, double hotShare) {
        Random random = new Random(seed);
        byte[][] hot = {"hhhhhhhhh1".getBytes(StandardCharsets.UTF_8), "mmmmmmmmm2".getBytes(StandardCharsets.UTF_8),
                "ccccccccc3".getBytes(StandardCharsets.UTF_8)};
        List<byte[]> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < hotShare) {
                keys.add(hot[random.nextInt(3)]);
                continue;
            }
            byte[] k = new byte[10];
            for (int j = 0; j < k.length; j++) k[j] = (byte) ('a' + random.nextInt(26));
            keys.add(k);
        }
        return keys;
    }

    private static List<byte[]> sortedSample(List<byte[]> keys, long seed, int size) {
        Random random = new Random(seed);
        List<byte[]> sample = new ArrayList<>(size);
        for (int i = 0; i < size; i++) sample.add(keys.get(random.nextInt(keys.size())));
        sample.sort(Arrays::compareUnsigned);
        return sample;
    }

    private static long[] counts(Partitioner partitioner, List<byte[]> keys) {
        long[] counts = new long[REDUCES];
        for (byte[] k : keys) counts[partitioner.partition(k, 0, k.length, REDUCES)]++;
        return counts;
    }

    private static double largestOverMean(long[] counts) {
        long max = Arrays.stream(counts).max().orElseThrow();
        return max / (Arrays.stream(counts).sum() / (double) counts.length);
    }

    /** Equal keys may be spread over partitions; a greater key never goes to a partition before a smaller one's. */
    @Test
    void thePartitionsOfAGreaterKeyNeverComeBeforeThoseOfASmallerOneHotKeysSpreadOrNot() {
        List<byte[]> keys = records(1, 50_000, 0.3);
        SplitPoints points = SplitPoints.of(sortedSample(keys, 2, 5_000), REDUCES);
        List<byte[]> sorted = new ArrayList<>(keys);
        sorted.sort(Arrays::compareUnsigned);
        for (boolean spread : new boolean[]{false, true}) {
            Partitioner partitioner = points.partitioner(spread);
            int previousKeysLast = 0;
            int last = 0;
            int spanned = 0;
            byte[] key = null;
            int first = 0;
            for (byte[] k : sorted) {
                int p = partitioner.partition(k, 0, k.length, REDUCES);
                if (key == null || !Arrays.equals(key, k)) {
                    previousKeysLast = last;
                    key = k;
                    first = p;
                    last = p;
                }
                assertThat(p).as("partition of %s (spread %s)", new String(k, StandardCharsets.UTF_8), spread)
                        .isGreaterThanOrEqualTo(previousKeysLast);
                last = Math.max(last, p);
                if (last > first) spanned++;
            }
            assertThat(last).isEqualTo(REDUCES - 1);
            if (spread) assertThat(spanned).as("pairs of keys spread over partitions").isPositive();
            else assertThat(spanned).as("no key spread").isZero();
        }
    }

    @Test
    void uniformKeysFillThePartitionsEvenly() {
        List<byte[]> keys = records(3, 100_000, 0);
        SplitPoints points = SplitPoints.of(sortedSample(keys, 4, 10_000), REDUCES);
        assertThat(largestOverMean(counts(points.partitioner(false), keys))).isLessThan(1.15);
    }

    @Test
    void threeHotKeysWithThirtyPercentSpreadOverSeveralPartitionsOnlyWhenAllowed() {
        List<byte[]> keys = records(5, 100_000, 0.3);
        SplitPoints points = SplitPoints.of(sortedSample(keys, 6, 10_000), REDUCES);
        double whole = largestOverMean(counts(points.partitioner(false), keys));
        double spread = largestOverMean(counts(points.partitioner(true), keys));
        assertThat(spread).as("hot keys spread").isLessThanOrEqualTo(1.5);
        assertThat(whole).as("hot keys whole: each one stays in one partition").isGreaterThan(spread);
    }

    @Test
    void writtenAndReadBackTheyPartitionAlike() throws IOException {
        List<byte[]> keys = records(7, 20_000, 0.3);
        SplitPoints points = SplitPoints.of(sortedSample(keys, 8, 2_000), REDUCES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        points.write(bytes);
        SplitPoints read = SplitPoints.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(counts(read.partitioner(true), keys)).containsExactly(counts(points.partitioner(true), keys));
        assertThat(counts(read.partitioner(false), keys)).containsExactly(counts(points.partitioner(false), keys));
    }

    @Test
    void withoutASampleEveryKeyGoesToTheFirstPartition() {
        Partitioner partitioner = SplitPoints.of(List.of(), REDUCES).partitioner(true);
        assertThat(partitioner.partition("anything", REDUCES)).isZero();
    }
}
