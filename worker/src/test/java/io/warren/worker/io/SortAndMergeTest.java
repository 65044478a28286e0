package io.warren.worker.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SortAndMergeTest {
    private static final Comparator<Map.Entry<Integer, String>> BY_PARTITION_THEN_KEY_BYTES =
            Comparator.<Map.Entry<Integer, String>>comparingInt(Map.Entry::getKey)
                    .thenComparing((a, b) -> java.util.Arrays.compareUnsigned(a.getValue().getBytes(StandardCharsets.UTF_8),
                            b.getValue().getBytes(StandardCharsets.UTF_8)));

    /** Buffers of every size class: the small ones take the merge sort, the large ones the radix passes. */
    static int[] sizes() {
        return new int[]{1, 2, 7, 300, PrefixSort.SMALL, PrefixSort.SMALL + 1, 20_000};
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("sizes")
    void theSortBufferOrdersByPartitionThenKeyBytesAndKeepsArrivalOrderForEqualKeys(int records) {
        Random random = new Random(9);
        assertSortsLikeAStableSort(random, records, () -> RunFormatTest.randomText(random, 1 + random.nextInt(3)));
    }

    /** Keys that share their first seven or eight bytes, differ only in length or hold NULs: where prefixes tie. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("sizes")
    void keysThatSharePrefixesSortByTheirWholeBytes(int records) {
        Random random = new Random(10);
        String[] words = {"", "a", "a\u0000", "a\u0000\u0000", "abcdefg", "abcdefg\u0000", "abcdefga", "abcdefgh", "abcdefgz",
                "abcdefgaa", "abcdefghij", "abcdefghii", "abcdefgh\u0000", "something", "somethings", "\u00ff\u00ff", "漢字漢字漢字",
                "漢字漢字漢", "é", "ab"};
        assertSortsLikeAStableSort(random, records, () -> words[random.nextInt(words.length)]);
    }

    /**
     * Long keys that all share their first seven bytes, in every partition: the last key of one partition and the
     * first of the next tie on their prefix, and their full comparison must not move a record across partitions.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("sizes")
    void prefixTiesNeverMoveARecordIntoAnotherPartition(int records) {
        Random random = new Random(11);
        assertSortsLikeAStableSort(random, records, () -> "abcdefgh" + (char) ('a' + random.nextInt(26)));
    }

    /** Runs of equal values, as an indexer's document name: each is stored once, and every record still reads it. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("sizes")
    void repeatedValuesAreReadBackWithEveryRecord(int records) {
        Random random = new Random(12);
        String[] documents = {"", "doc-a", "doc-b", "doc-bb"};
        String[] current = {documents[1]};
        assertSortsLikeAStableSort(random, records, () -> RunFormatTest.randomText(random, 1 + random.nextInt(3)), i -> {
            if (random.nextInt(20) == 0) current[0] = documents[random.nextInt(documents.length)];
            return current[0];
        });
    }

    private static void assertSortsLikeAStableSort(Random random, int records,
                                                   java.util.function.Supplier<String> keySource) {
        assertSortsLikeAStableSort(random, records, keySource, i -> Integer.toString(i));
    }

    private static void assertSortsLikeAStableSort(Random random, int records, java.util.function.Supplier<String> keySource,
                                                   java.util.function.IntFunction<String> valueSource) {
        SortBuffer buffer = new SortBuffer(64 << 20);
        List<Map.Entry<Integer, String>> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            int p = random.nextInt(7);
            String key = keySource.get();
            keys.add(Map.entry(p, key));
            values.add(valueSource.apply(i));
            buffer.add(p, key.getBytes(StandardCharsets.UTF_8), values.get(i).getBytes(StandardCharsets.UTF_8));
        }
        buffer.sort();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) order.add(i);
        order.sort((a, b) -> BY_PARTITION_THEN_KEY_BYTES.compare(keys.get(a), keys.get(b))); // List.sort is stable
        for (int i = 0; i < order.size(); i++) {
            int expected = order.get(i);
            assertThat(buffer.partition(i)).isEqualTo(keys.get(expected).getKey());
            assertThat(new String(buffer.data(), buffer.keyOffset(i), buffer.keyLength(i), StandardCharsets.UTF_8))
                    .isEqualTo(keys.get(expected).getValue());
            assertThat(new String(buffer.data(), buffer.valueOffset(i), buffer.valueLength(i), StandardCharsets.UTF_8))
                    .isEqualTo(values.get(expected));
        }
    }

    @Test
    void aBufferTakesARecordLargerThanItselfAndThenSaysItIsFull() {
        SortBuffer buffer = new SortBuffer(1024);
        buffer.add(0, new byte[1], new byte[1]);
        assertThat(buffer.isFull()).isFalse();
        byte[] big = new byte[4096];
        buffer.add(0, big, big);
        assertThat(buffer.isFull()).isTrue();
        assertThat(buffer.size()).isEqualTo(2);
        buffer.clear();
        assertThat(buffer.isFull()).isFalse();
    }

    @Test
    void aKWayMergeOfSortedRunsEqualsSortingEverything() throws IOException {
        Random random = new Random(10);
        List<List<Map.Entry<String, String>>> runs = new ArrayList<>();
        List<Map.Entry<String, String>> all = new ArrayList<>();
        for (int r = 0; r < 9; r++) {
            List<Map.Entry<String, String>> run = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(3_000); i++) {
                run.add(Map.entry(RunFormatTest.randomText(random, 1 + random.nextInt(4)), "run" + r + "#" + i));
            }
            run.sort(Comparator.comparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned));
            runs.add(run);
            all.addAll(run); // in run order, so a stable sort keeps equal keys in run order too
        }
        all.sort(Comparator.comparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned));

        List<RunReader> readers = new ArrayList<>();
        for (var run : runs) readers.add(new RunReader(new ByteArrayInputStream(RunFormatTest.write(Codec.LZ4, run)), "run"));
        List<Map.Entry<String, String>> merged = new ArrayList<>();
        try (Merger merger = new Merger(readers)) {
            while (merger.next()) merged.add(Map.entry(merger.current().key(), merger.current().value()));
        }
        assertThat(merged).isEqualTo(all);
    }

    @Test
    void aCorruptInputIsNamedByItsPositionInTheMerge() throws IOException {
        byte[] good = RunFormatTest.write(Codec.NONE, List.of(Map.entry("a", "1"), Map.entry("b", "2")));
        byte[] bad = RunFormatTest.write(Codec.NONE, List.of(Map.entry("a", "3"), Map.entry("c", "4")));
        bad[bad.length - 3] ^= 1; // the end marker's record count
        List<RunReader> readers = List.of(new RunReader(new ByteArrayInputStream(good), "good"),
                new RunReader(new ByteArrayInputStream(bad), "bad"));
        try (Merger merger = new Merger(readers)) {
            Merger.SourceFailure failure = org.junit.jupiter.api.Assertions.assertThrows(Merger.SourceFailure.class, () -> {
                while (merger.next()) {
                    merger.current();
                }
            });
            assertThat(failure.index).isEqualTo(1);
            assertThat(failure).hasMessageContaining("bad");
        }
    }
}
