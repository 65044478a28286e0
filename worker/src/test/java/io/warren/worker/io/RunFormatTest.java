package io.warren.worker.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunFormatTest {

    static List<Map.Entry<String, String>> randomRecords(long seed, int n) {
        Random random = new Random(seed);
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(Map.entry(randomText(random, 1 + random.nextInt(30)), randomText(random, random.nextInt(50))));
        }
        return records;
    }

    static String randomText(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(20);
            s.appendCodePoint(pick == 0 ? 0x1F600 + random.nextInt(50) : pick == 1 ? 0xE9 : pick == 2 ? '\n' : 'a' + random.nextInt(26));
        }
        return s.toString();
    }

    static byte[] write(Codec codec, List<Map.Entry<String, String>> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RunWriter out = new RunWriter(bytes, codec)) {
            for (var r : records) out.write(r.getKey(), r.getValue());
            out.finish();
        }
        return bytes.toByteArray();
    }

    static List<Map.Entry<String, String>> read(byte[] file) throws IOException {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        try (RunReader in = new RunReader(new ByteArrayInputStream(file), "test-run")) {
            while (in.next()) records.add(Map.entry(in.key(), in.value()));
        }
        return records;
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void whatIsWrittenIsReadBackExactlyAcrossManyBlocks(Codec codec) throws IOException {
        List<Map.Entry<String, String>> records = randomRecords(1, 20_000);
        byte[] file = write(codec, records);
        assertThat(file.length).isGreaterThan(RunFormat.BLOCK_SIZE * 2);
        assertThat(read(file)).isEqualTo(records);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void anEmptyRunAndAnOversizedRecordRoundTrip(Codec codec) throws IOException {
        assertThat(read(write(codec, List.of()))).isEmpty();
        var big = List.of(Map.entry("k", "v".repeat(RunFormat.BLOCK_SIZE * 3)), Map.entry("k2", "small"));
        assertThat(read(write(codec, big))).isEqualTo(big);
    }

    @Test
    void lz4MakesRepetitiveTextSmaller() throws IOException {
        List<Map.Entry<String, String>> words = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) words.add(Map.entry("word" + (i % 300), "1"));
        assertThat(write(Codec.LZ4, words).length).isLessThan(write(Codec.NONE, words).length / 2);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void aTruncatedRunIsDetectedWhereverItIsCut(Codec codec) throws IOException {
        byte[] file = write(codec, randomRecords(2, 5_000));
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            int cut = i < 10 ? i : random.nextInt(file.length);
            byte[] truncated = Arrays.copyOf(file, cut);
            assertThatThrownBy(() -> read(truncated)).as("cut at %d of %d", cut, file.length)
                    .isInstanceOf(CorruptRunException.class).hasMessageContaining("test-run");
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void aFlippedBitAnywhereIsDetected(Codec codec) throws IOException {
        byte[] file = write(codec, randomRecords(4, 3_000));
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            byte[] damaged = file.clone();
            int at = random.nextInt(damaged.length);
            damaged[at] ^= (byte) (1 << random.nextInt(8));
            assertThatThrownBy(() -> read(damaged)).as("bit flipped at %d", at).isInstanceOf(CorruptRunException.class);
        }
    }

    @Test
    void somethingElseEntirelyIsNotAnIntermediateFile() {
        assertThatThrownBy(() -> read("key value\n".getBytes())).isInstanceOf(CorruptRunException.class)
                .hasMessageContaining("not an intermediate file");
    }
}
