package io.warren.protocol.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressionTest {
    private static final String NAME = "logs/2026-12-01/part-7";

    /** Seeded text of about {@code bytes} bytes: lines of words, so that it compresses as real input does. */
    static byte[] text(long seed, int bytes) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder();
        while (s.length() < bytes) {
            int words = random.nextInt(12);
            for (int w = 0; w < words; w++) s.append("w").append(random.nextInt(500)).append(' ');
            s.append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] compress(Compression c, byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = c.compress(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] decompress(Compression c, byte[] compressed) throws IOException {
        try (InputStream in = c.decompress(new ByteArrayInputStream(compressed), NAME + c.extension())) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @CsvSource({"a.gz, GZIP", "A.GZ, GZIP", "b.zst, ZSTD", "c.bz2, BZIP2", "d.txt, NONE", "gz, NONE", "e.gz.txt, NONE",
            "f.tar.gz, GZIP", "g.zstd, NONE"})
    void theExtensionTellsTheCompression(String name, Compression expected) {
        assertThat(Compression.of(name)).isEqualTo(expected);
        assertThat(expected.splittable()).isEqualTo(expected == Compression.NONE);
    }

    @Test
    void outputMayBeGzipOrZstdOnly() {
        assertThat(Compression.forOutput(null)).isEqualTo(Compression.NONE);
        assertThat(Compression.forOutput("gzip")).isEqualTo(Compression.GZIP);
        assertThat(Compression.forOutput("zstd")).isEqualTo(Compression.ZSTD);
        for (String bad : new String[]{"bzip2", "gz", "GZIP", "", "xz"}) {
            assertThatThrownBy(() -> Compression.forOutput(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gzip").hasMessageContaining("zstd");
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void whatIsCompressedDecompressesToTheSameBytes(Compression c) throws IOException {
        for (int size : new int[]{1, 100, 70_000, 1_000_000}) {
            byte[] plain = text(size, size);
            byte[] compressed = compress(c, plain);
            if (c != Compression.NONE && size > 1000) assertThat(compressed.length).isLessThan(plain.length / 2);
            assertThat(decompress(c, compressed)).as("%s bytes", size).isEqualTo(plain);
        }
    }

    /** As zcat does: {@code cat a.gz b.gz > ab.gz} is a valid file of both contents; so for .zst and .bz2. */
    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
    void concatenatedMembersReadAsOneStream(Compression c) throws IOException {
        byte[] a = text(1, 50_000);
        byte[] b = text(2, 30_000);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(compress(c, a));
        both.write(compress(c, b));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(a);
        expected.write(b);

        assertThat(decompress(c, both.toByteArray())).isEqualTo(expected.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
    void anEmptyFileIsEmptyInput(Compression c) throws IOException {
        assertThat(decompress(c, new byte[0])).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
    void aTruncatedFileFailsNamingIt(Compression c) throws IOException {
        byte[] whole = compress(c, text(3, 200_000));
        for (int keep : new int[]{1, 5, whole.length / 3, whole.length - 1}) {
            byte[] cut = Arrays.copyOf(whole, keep);
            assertThatThrownBy(() -> decompress(c, cut)).as("%s of %s bytes", keep, whole.length)
                    .isInstanceOf(Compression.CorruptInput.class)
                    .hasMessageContaining(NAME + c.extension())
                    .hasMessageContaining("corrupt, truncated");
        }
    }

    /** Flipped bytes anywhere (header, data or checksum) fail the read: never different output, never a hang. */
    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
    void aCorruptFileFailsNamingIt(Compression c) throws IOException {
        byte[] plain = text(4, 100_000);
        byte[] whole = compress(c, plain);
        Random random = new Random(5);
        int failed = 0;
        for (int trial = 0; trial < 30; trial++) {
            byte[] bad = whole.clone();
            int at = trial == 0 ? 0 : trial == 1 ? bad.length - 1 : random.nextInt(bad.length);
            bad[at] ^= (byte) (1 + random.nextInt(255));
            try {
                byte[] got = decompress(c, bad);
                // a zstd frame written without a checksum (other tools' default): a flip in a literal may decode
                assertThat(c).as("flip at %s of %s decoded", at, bad.length).isEqualTo(Compression.ZSTD);
                assertThat(got).isNotEqualTo(plain);
            } catch (Compression.CorruptInput e) {
                assertThat(e.file()).isEqualTo(NAME + c.extension());
                assertThat(e).hasMessageContaining(NAME + c.extension());
                failed++;
            }
        }
        assertThat(failed).isGreaterThan(c == Compression.ZSTD ? 0 : 29);
    }

    /** A damaged header of a later member, or bytes after the last, must not pass for the end of the input. */
    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD", "BZIP2"})
    void aDamagedLaterMemberOrTrailingGarbageFailsRatherThanEndingTheInput(Compression c) throws IOException {
        byte[] first = compress(c, text(10, 20_000));
        byte[] second = compress(c, text(11, 20_000));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        byte[] damaged = both.clone();
        damaged[first.length] ^= 0x40; // the second member's magic
        byte[] trailing = Arrays.copyOf(first, first.length + 3);
        trailing[first.length] = 'x';

        assertThatThrownBy(() -> decompress(c, damaged)).isInstanceOf(Compression.CorruptInput.class);
        assertThatThrownBy(() -> decompress(c, trailing)).isInstanceOf(Compression.CorruptInput.class);
    }

    /** Our own .zst output carries a checksum, so any flip in it is caught. */
    @Test
    void everyFlipInOurOwnZstdOutputIsCaught() throws IOException {
        byte[] whole = compress(Compression.ZSTD, text(8, 100_000));
        Random random = new Random(9);
        for (int trial = 0; trial < 30; trial++) {
            byte[] bad = whole.clone();
            bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
            assertThatThrownBy(() -> decompress(Compression.ZSTD, bad)).isInstanceOf(Compression.CorruptInput.class);
        }
    }

    @Test
    void dataInAnotherFormatFailsNamingTheFile() throws IOException {
        byte[] plain = text(6, 10_000);
        assertThatThrownBy(() -> decompress(Compression.GZIP, plain)).isInstanceOf(Compression.CorruptInput.class)
                .hasMessageContaining(NAME + ".gz").hasMessageContaining("gzip");
        assertThatThrownBy(() -> decompress(Compression.ZSTD, compress(Compression.GZIP, plain)))
                .isInstanceOf(Compression.CorruptInput.class).hasMessageContaining(NAME + ".zst");
        assertThatThrownBy(() -> decompress(Compression.BZIP2, plain)).isInstanceOf(Compression.CorruptInput.class)
                .hasMessageContaining(NAME + ".bz2");
    }

    /** A disk error under the decompressor is the disk's, passed on as it is: it is not called a corrupt file. */
    @Test
    void aFailureOfTheUnderlyingStreamIsNotTakenForCorruptData() throws IOException {
        byte[] compressed = compress(Compression.GZIP, text(7, 500_000));
        IOException disk = new IOException("Input/output error");
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > compressed.length / 2) throw disk;
                int n = Math.min(len, Math.min(4096, compressed.length - served));
                System.arraycopy(compressed, served, b, off, n);
                served += n;
                return n;
            }
        };
        try (InputStream in = Compression.GZIP.decompress(failing, NAME)) {
            assertThatThrownBy(in::readAllBytes).isSameAs(disk);
        }
    }
}
