package io.warren.worker.exec;

import io.warren.api.Text;
import io.warren.protocol.storage.Compression;
import io.warren.storage.InputLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {
    @TempDir
    Path dir;

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("plain lines", utf8("alpha\nbeta\ngamma\n")),
                Arguments.of("no final newline", utf8("alpha\nbeta\ngamma")),
                Arguments.of("empty file", new byte[0]),
                Arguments.of("single newline", utf8("\n")),
                Arguments.of("only newlines", utf8("\n\n\n")),
                Arguments.of("empty lines between", utf8("a\n\n\nb\n\nc")),
                Arguments.of("lines longer than most splits", utf8("x".repeat(300) + "\nshort\n" + "y".repeat(1000))),
                Arguments.of("CRLF endings", utf8("one\r\ntwo\r\n\r\nthree\r\n")),
                Arguments.of("CRLF without final newline", utf8("one\r\ntwo\r")),
                Arguments.of("lone CR inside a line", utf8("a\rb\nc\r\r\n")),
                Arguments.of("multi-byte characters", utf8("é\n漢字\n😀😀\nnaïve café\n€\n")),
                Arguments.of("multi-byte characters without separators", utf8("é漢😀é漢😀é漢😀\n😀\n漢\né")),
                Arguments.of("invalid UTF-8", bytes(utf8("ok\n"), new byte[]{(byte) 0xff, 'a', (byte) 0x80, '\n'},
                        new byte[]{(byte) 0xe6, (byte) 0xbc, '\n', (byte) 0xc3}, utf8("\nend"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void consecutiveSplitsOfEverySizeReadEveryLineExactlyOnceInOrder(String name, byte[] content) throws IOException {
        Path file = write(content);

        for (int size = 1; size <= content.length + 1; size++) {
            assertThat(readAllSplits(file, content.length, size)).as("%s, split size %d", name, size)
                    .containsExactlyElementsOf(expectedLines(content));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34, 35})
    void randomFilesReadEveryLineExactlyOnceForEverySplitSize(long seed) throws IOException {
        byte[] content = randomFile(new Random(seed));
        Path file = write(content);
        List<String> expected = expectedLines(content);

        for (int size = 1; size <= content.length + 1; size++) {
            assertThat(readAllSplits(file, content.length, size)).as("seed %d, split size %d", seed, size)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void wholeFileReadDropsCarriageReturnsBeforeNewlines() throws IOException {
        Path file = write(utf8("one\r\ntwo\r\n\r\nthree"));

        assertThat(read(file, 0, Files.size(file))).containsExactly("one", "two", "", "three");
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() throws IOException {
        Path file = write(bytes(utf8("a"), new byte[]{(byte) 0xff}, utf8("b\n"), new byte[]{(byte) 0x80}));

        assertThat(read(file, 0, Files.size(file))).containsExactly("a\uFFFDb", "\uFFFD");
    }

    @Test
    void splitOwnsTheWholeLineThatStartsInsideItEvenPastItsEnd() throws IOException {
        Path file = write(utf8("first line\nsecond line is long\nthird\n"));

        assertThat(read(file, 0, 1)).containsExactly("first line");
        assertThat(read(file, 1, 11)).containsExactly("second line is long");
        assertThat(read(file, 12, 100)).containsExactly("third");
    }

    @Test
    void splitStartingExactlyAtALineStartReadsThatLine() throws IOException {
        Path file = write(utf8("ab\ncd\nef\n"));

        assertThat(read(file, 3, 3)).containsExactly("cd");
        assertThat(read(file, 0, 3)).containsExactly("ab");
    }

    @Test
    void splitExtendingPastTheEndOfTheFileReadsToTheEnd() throws IOException {
        Path file = write(utf8("ab\ncd"));

        assertThat(read(file, 0, 1_000)).containsExactly("ab", "cd");
        assertThat(read(file, 2, 1_000)).containsExactly("cd");
    }

    @Test
    void emptySplitReadsNothing() throws IOException {
        Path file = write(utf8("ab\ncd\n"));

        assertThat(read(file, 0, 0)).isEmpty();
        assertThat(read(file, 4, 0)).isEmpty();
    }

    @Test
    void lineMuchLongerThanTheReadBufferIsReadWhole() throws IOException {
        String huge = "z".repeat(200_000) + "漢".repeat(50_000);
        Path file = write(utf8("a\n" + huge + "\nb\n"));

        assertThat(read(file, 0, Files.size(file))).containsExactly("a", huge, "b");
        long bStart = 2 + utf8(huge).length + 1;
        assertThat(read(file, 1, 10)).containsExactly(huge);
        assertThat(read(file, 3, bStart - 3)).as("a split inside the long line owns no line").isEmpty();
        assertThat(read(file, 3, bStart - 2)).containsExactly("b");
    }

    /** A compressed file is read whole by a task whatever its split says, decompressed; gzip, zstd and bzip2 alike. */
    @ParameterizedTest
    @ValueSource(strings = {"GZIP", "ZSTD", "BZIP2"})
    void aTaskReadsEveryDecompressedLineOfACompressedFile(String format) throws IOException {
        Compression c = Compression.valueOf(format);
        byte[] content = bytes(randomFile(new Random(41)), randomFile(new Random(42)), utf8("x".repeat(300_000) + "\nend"));
        Path file = dir.resolve("in" + c.extension());
        try (var out = c.compress(Files.newOutputStream(file))) {
            out.write(content);
        }
        List<String> lines = new ArrayList<>();
        try (LineReader reader = LineReader.forTask(InputLocation.of("in" + c.extension(), file), 0, Files.size(file), 400_000)) {
            for (Text t = reader.nextText(); t != null; t = reader.nextText()) lines.add(t.toString());
            assertThat(reader.bytesRead()).isEqualTo(content.length);
        }

        assertThat(Files.size(file)).isLessThan(content.length);
        assertThat(lines).containsExactlyElementsOf(expectedLines(content));
    }

    /** A total order's sample chunk of a compressed file counts decompressed bytes, as a split of a plain one does. */
    @Test
    void aRangeOfACompressedFileIsTheSameRangeOfItsDecompressedBytes() throws IOException {
        byte[] content = randomFile(new Random(43));
        Path plain = write(content);
        Path gz = dir.resolve("in.gz");
        try (var out = Compression.GZIP.compress(Files.newOutputStream(gz))) {
            out.write(content);
        }
        for (long start = 0; start < content.length; start += 37) {
            List<String> got = new ArrayList<>();
            try (LineReader reader = LineReader.forRange(InputLocation.of("in.gz", gz), start, 50, 1 << 20)) {
                for (Text t = reader.nextText(); t != null; t = reader.nextText()) got.add(t.toString());
            }
            assertThat(got).as("from %d", start).isEqualTo(read(plain, start, 50));
        }
    }

    @Test
    void aTruncatedCompressedFileFailsTheReadNamingIt() throws IOException {
        byte[] content = bytes(randomFile(new Random(44)), randomFile(new Random(45)));
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (var out = Compression.GZIP.compress(compressed)) {
            out.write(content);
        }
        Path file = dir.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(compressed.toByteArray(), compressed.size() - 9));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (LineReader reader = LineReader.forTask(InputLocation.of("logs/cut.gz", file), 0, Files.size(file), 1 << 20)) {
                while (reader.nextText() != null) {
                    // read to the end
                }
            }
        }).isInstanceOf(Compression.CorruptInput.class).hasMessageContaining("logs/cut.gz");
    }

    /** The lines of a file by definition: split on \n, no line after a final \n, one trailing \r dropped per line. */
    private static List<String> expectedLines(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.isEmpty()) return List.of();
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (text.endsWith("\n")) lines.remove(lines.size() - 1);
        return lines.stream().map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).toList();
    }

    private static List<String> readAllSplits(Path file, long fileLength, int size) throws IOException {
        List<String> lines = new ArrayList<>();
        long start = 0;
        do {
            long length = Math.min(size, fileLength - start);
            lines.addAll(read(file, start, length));
            start += size;
        } while (start < fileLength);
        return lines;
    }

    private static List<String> read(Path file, long start, long length) throws IOException {
        List<String> lines = read(file, start, length, LineReader.BUFFER_SIZE);
        // A tiny buffer that lines cross, and must grow for long ones, reads the same lines.
        assertThat(read(file, start, length, 3)).isEqualTo(lines);
        return lines;
    }

    private static List<String> read(Path file, long start, long length, int bufferSize) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(file, start, length, Integer.MAX_VALUE - 16, bufferSize)) {
            for (Text line = reader.nextText(); line != null; line = reader.nextText()) lines.add(line.toString());
            assertThat((Object) reader.nextText()).as("nextText() after the end").isNull();
        }
        return lines;
    }

    private static byte[] randomFile(Random random) {
        byte[][] pieces = {utf8("word"), utf8(" "), utf8("é"), utf8("漢字"), utf8("😀"), utf8("\n"), utf8("\r\n"),
                utf8("\n\n"), utf8("naïve"), utf8("\r"), new byte[]{(byte) 0xff}, new byte[]{(byte) 0xe6, (byte) 0xbc},
                utf8("x".repeat(40))};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 30 + random.nextInt(60);
        for (int i = 0; i < count; i++) out.writeBytes(pieces[random.nextInt(pieces.length)]);
        return out.toByteArray();
    }

    private Path write(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "input", ".txt"), content);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }
}
