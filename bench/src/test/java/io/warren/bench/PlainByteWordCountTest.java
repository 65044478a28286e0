package io.warren.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte-level count must agree with a String-based count on any input, whatever the chunk size. */
class PlainByteWordCountTest {
    private static final String[] WORDS = {
            "the", "a", "Warren", "word", "café", "Éclair", "straße", "ß", "λόγος", "Ωμέγα", "日本語", "漢字",
            "𝐀𝐁", "x𝐀y", "ﬁ", "naïve", "ÀÉÎÕÜ", "longerwordthanmostchunksizes"};
    private static final byte[][] NOISE = {
            " ".getBytes(StandardCharsets.UTF_8), ", ".getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8),
            "\r\n".getBytes(StandardCharsets.UTF_8), "\r".getBytes(StandardCharsets.UTF_8), "42".getBytes(StandardCharsets.UTF_8),
            "—".getBytes(StandardCharsets.UTF_8), "\uFEFF".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8),
            "'".getBytes(StandardCharsets.UTF_8), "_".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0x81},   // invalid, overlong
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},      // overlong, surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88},      // > U+10FFFF, F8
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9D, (byte) 0x90},                   // truncated
            {(byte) 0xC3}, {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80}};

    @TempDir
    Path dir;

    /** Seeded text: words (sometimes glued to each other or to invalid bytes) between separators of every kind. */
    static byte[] text(long seed, int tokens) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < tokens; i++) {
            if (random.nextInt(5) == 0) out.writeBytes(NOISE[random.nextInt(NOISE.length)]);
            else out.writeBytes(WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.UTF_8));
            if (random.nextInt(4) != 0) out.writeBytes(NOISE[random.nextInt(6)]);
        }
        return out.toByteArray();
    }

    private List<Path> write(int files) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path p = dir.resolve("part-" + f + ".txt");
            byte[] bytes = text(f, 3000 + 500 * f);
            if (f == 1) bytes = Arrays.copyOf(bytes, bytes.length - 1); // may end in the middle of a sequence
            Files.write(p, bytes);
            paths.add(p);
        }
        Files.write(dir.resolve("edge.txt"), new byte[]{'a', 'b', (byte) 0xF0, (byte) 0x9D, (byte) 0x90}); // word then truncated 𝐀
        paths.add(dir.resolve("edge.txt"));
        Files.write(dir.resolve("empty.txt"), new byte[0]);
        paths.add(dir.resolve("empty.txt"));
        return paths;
    }

    private static Map<String, Long> stringCount(List<Path> files) throws IOException {
        Map<String, long[]> counts = new HashMap<>();
        for (Path p : files) PlainWordCount.count(p, counts);
        Map<String, Long> result = new HashMap<>();
        counts.forEach((k, v) -> result.put(k, v[0]));
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 16, 64, 1 << 20})
    void countsEqualAStringBasedCount(int chunk) throws Exception {
        List<Path> files = write(4);
        Map<String, Long> expected = stringCount(files);
        assertThat(expected).containsKeys("café", "straße", "λόγος", "日本語", "𝐀𝐁", "x𝐀y", "ab");

        ByteWordTable table = PlainByteWordCount.count(files, 2, chunk);

        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((word, n) -> assertThat(table.get(word.getBytes(StandardCharsets.UTF_8))).as(word).isEqualTo(n));
    }

    @Test
    void writesWordsInUnsignedByteOrder() throws Exception {
        List<Path> files = write(3);
        Map<String, Long> expected = stringCount(files);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlainByteWordCount.count(files, 3, 4096).writeSorted(out);

        List<byte[]> keys = new ArrayList<>();
        expected.keySet().forEach(k -> keys.add(k.getBytes(StandardCharsets.UTF_8)));
        keys.sort(Arrays::compareUnsigned);
        StringBuilder want = new StringBuilder();
        for (byte[] k : keys) {
            String word = new String(k, StandardCharsets.UTF_8);
            want.append(word).append(' ').append(expected.get(word)).append('\n');
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(want.toString());
    }

    @Test
    void growsPastItsInitialCapacity() {
        ByteWordTable table = new ByteWordTable();
        for (int i = 0; i < 200_000; i++) {
            byte[] key = ("w" + Integer.toString(i, 26)).getBytes(StandardCharsets.UTF_8);
            table.add(key, 0, key.length, i % 3 + 1);
        }
        assertThat(table.size()).isEqualTo(200_000);
        assertThat(table.get("w0".getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(table.get(("w" + Integer.toString(199_999, 26)).getBytes(StandardCharsets.UTF_8))).isEqualTo(199_999 % 3 + 1);
        assertThat(table.get("absent".getBytes(StandardCharsets.UTF_8))).isZero();
    }
}
