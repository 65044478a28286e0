package io.warren.worker.exec;

import io.warren.api.Partitioner;
import io.warren.api.Reducer;
import io.warren.worker.io.Codec;
import io.warren.worker.io.RunReader;
import io.warren.worker.io.RunWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Both kinds of buffer file pairs under their partition in key order, whether the pairs come as strings or as bytes. */
class MapBufferTest {
    private static final int REDUCES = 3;
    private static final Reducer SUM = (key, values, out) -> {
        long n = 0;
        while (values.hasNext()) n += Long.parseLong(values.next());
        out.emit(key, Long.toString(n));
    };
    private static final List<String> KEYS = List.of("pear", "apple", "é", "fig", "apple", "kiwi", "pear", "apple");

    private static MapBuffer buffer(Reducer combiner) {
        return MapBuffer.forJob(new Partitions(Partitioner.hash(), REDUCES), combiner, 1 << 20);
    }

    private static List<String> sections(MapBuffer buffer) throws IOException {
        ByteArrayOutputStream[] bytes = new ByteArrayOutputStream[REDUCES];
        RunWriter[] writers = new RunWriter[REDUCES];
        for (int r = 0; r < REDUCES; r++) {
            bytes[r] = new ByteArrayOutputStream();
            writers[r] = new RunWriter(bytes[r], Codec.NONE);
        }
        int[] last = {-1};
        buffer.spill(p -> {
            assertThat(p).as("partitions in order").isGreaterThanOrEqualTo(last[0]);
            last[0] = p;
            return writers[p];
        });
        assertThat(buffer.isEmpty()).isTrue();
        List<String> records = new ArrayList<>();
        for (int r = 0; r < REDUCES; r++) {
            writers[r].finish();
            try (RunReader in = new RunReader(new ByteArrayInputStream(bytes[r].toByteArray()), "section " + r)) {
                while (in.next()) records.add(r + " " + in.key() + "=" + in.value());
            }
        }
        return records;
    }

    private static List<String> addedAsStrings(Reducer combiner) throws IOException {
        MapBuffer buffer = buffer(combiner);
        for (int i = 0; i < KEYS.size(); i++) buffer.add(KEYS.get(i), Integer.toString(i + 1));
        return sections(buffer);
    }

    private static List<String> addedAsBytes(Reducer combiner) throws IOException {
        MapBuffer buffer = buffer(combiner);
        for (int i = 0; i < KEYS.size(); i++) {
            byte[] key = ("[" + KEYS.get(i) + "]").getBytes(StandardCharsets.UTF_8);
            byte[] value = ("<" + (i + 1) + ">").getBytes(StandardCharsets.UTF_8);
            buffer.add(key, 1, key.length - 2, value, 1, value.length - 2);
        }
        return sections(buffer);
    }

    private static String partitioned(String key, String value) {
        return Partitioner.hash().partition(key, REDUCES) + " " + key + "=" + value;
    }

    @Test
    void theSortingBufferKeepsEveryPairInKeyOrderAndArrivalOrderForEqualKeys() throws IOException {
        assertThat(addedAsStrings(null)).containsExactlyInAnyOrder(partitioned("pear", "1"), partitioned("apple", "2"),
                partitioned("é", "3"), partitioned("fig", "4"), partitioned("apple", "5"), partitioned("kiwi", "6"),
                partitioned("pear", "7"), partitioned("apple", "8"));
        assertThat(addedAsStrings(null)).containsSubsequence(partitioned("apple", "2"), partitioned("apple", "5"),
                partitioned("apple", "8"));
        assertThat(addedAsBytes(null)).isEqualTo(addedAsStrings(null));
    }

    @Test
    void theCombiningBufferKeepsEachKeyOnceWithItsValuesCombined() throws IOException {
        assertThat(addedAsStrings(SUM)).containsExactlyInAnyOrder(partitioned("pear", "8"), partitioned("apple", "15"),
                partitioned("é", "3"), partitioned("fig", "4"), partitioned("kiwi", "6"));
        assertThat(addedAsBytes(SUM)).isEqualTo(addedAsStrings(SUM));
    }

    @Test
    void aKeyEmittedAsAStringAndAsBytesIsOneKey() throws IOException {
        MapBuffer buffer = buffer(SUM);
        byte[] pear = "pear".getBytes(StandardCharsets.UTF_8);
        byte[] one = "1".getBytes(StandardCharsets.UTF_8);
        buffer.add(pear, 0, pear.length, one, 0, one.length);
        buffer.add("pear", "1");
        buffer.add(pear, 0, pear.length, one, 0, one.length);
        buffer.add("pear", "2");
        assertThat(sections(buffer)).containsExactly(partitioned("pear", "5"));
    }

    @Test
    void theCombinerSeesEachKeysValuesInArrivalOrderRunsOfEqualValuesIncluded() throws IOException {
        Reducer join = (key, values, out) -> {
            StringBuilder joined = new StringBuilder();
            while (values.hasNext()) joined.append(values.next());
            out.emit(key, joined.toString());
        };
        MapBuffer buffer = buffer(join);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String value = i % 50 < 30 ? "a" : Integer.toString(i % 3); // long runs, then values that differ
            buffer.add("fig", value);
            expected.append(value);
        }
        assertThat(sections(buffer)).containsExactly(partitioned("fig", expected.toString()));
    }

    @Test
    void bothBuffersListPartitionsInOrderAndKeysByUtf8Bytes() throws IOException {
        for (Reducer combiner : new Reducer[]{null, SUM}) {
            List<String> records = addedAsStrings(combiner);
            List<String> sorted = new ArrayList<>(records);
            sorted.sort((a, b) -> {
                int c = Character.compare(a.charAt(0), b.charAt(0));
                return c != 0 ? c : Arrays.compareUnsigned(key(a), key(b));
            });
            assertThat(records).isEqualTo(sorted);
        }
    }

    private static byte[] key(String record) {
        return record.substring(2, record.indexOf('=')).getBytes(StandardCharsets.UTF_8);
    }
}
