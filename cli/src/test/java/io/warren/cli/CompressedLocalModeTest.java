package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.cli.testapps.DocumentLengths;
import io.warren.protocol.storage.Compression;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warren run} over compressed input, with {@code --output-compression}: the options as a user gives them. */
class CompressedLocalModeTest {
    private static final Compression[] FORMATS = {Compression.ZSTD, Compression.BZIP2, Compression.NONE, Compression.GZIP};
    @TempDir
    Path dir;
    /** Warren's name of each input document (its absolute path, compressed) to its plain text. */
    private final Map<String, Path> plain = new LinkedHashMap<>();

    @BeforeEach
    void writeInput() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "plain", 6, 300, 2213);
        Files.createDirectories(dir.resolve("in"));
        int i = 0;
        for (Path doc : docs.values()) {
            Compression c = FORMATS[i++ % FORMATS.length];
            Path file = dir.resolve("in").resolve(doc.getFileName() + c.extension());
            CompressedDataIT.write(c, Files.readAllBytes(doc), file);
            plain.put(file.toAbsolutePath().toString(), doc);
        }
    }

    @Test
    void zstdOutputOfMixedInputIsTheSequentialComputation() throws Exception {
        Path out = dir.resolve("out");

        int code = Main.execute("run", "--app", "wordcount", "--input", dir + "/in", "--output", out.toString(),
                "--reduces", "2", "--workers", "2", "--split-size", "3000", "--output-compression", "zstd");

        assertThat(code).isZero();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("_SUCCESS", "mr-out-0.zst", "mr-out-1.zst");
        }
        assertThat(CompressedDataIT.decompressedOutput(out)).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), plain));
    }

    /** A total order samples chunks of compressed files too: the parts read in order are one sorted sequence. */
    @Test
    void aTotalOrderOverCompressedInputIsSortedAcrossTheParts() throws Exception {
        Path out = dir.resolve("sorted");

        int code = Main.execute("run", "--app", "wordcount", "--input", dir + "/in", "--output", out.toString(),
                "--reduces", "3", "--total-order", "--output-compression", "gzip");

        assertThat(code).isZero();
        List<String> inOrder = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Path part = out.resolve("mr-out-" + r + ".gz");
            try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(part), part.toString())) {
                inOrder.addAll(SequentialReference.lines(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        assertThat(inOrder).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), plain));
    }

    @Test
    void aWholeFileJobGetsEachCompressedDocumentDecompressed() throws Exception {
        Path out = dir.resolve("whole");

        int code = Main.execute("run", "--app", DocumentLengths.class.getName(), "--input", dir + "/in",
                "--output", out.toString(), "--reduces", "2", "--output-compression", "gzip");

        assertThat(code).isZero();
        assertThat(CompressedDataIT.decompressedOutput(out)).hasSize(plain.size())
                .isEqualTo(SequentialReference.run(new DocumentLengths(), Map.of(), plain));
    }

    @Test
    void aTruncatedInputFailsTheRunAndLeavesNoOutput() throws Exception {
        Path gz = dir.resolve("in/3.txt.gz");
        byte[] whole = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(whole, whole.length / 2));
        Path out = dir.resolve("failed");

        int code = Main.execute("run", "--app", "wordcount", "--input", dir + "/in", "--output", out.toString(),
                "--output-compression", "gzip");
        int streamed = Main.execute("run", "--mapper", "cat", "--input", dir + "/in", "--output", dir + "/streamed");

        assertThat(code).isEqualTo(1);
        assertThat(streamed).isEqualTo(1);
        assertThat(dir.resolve("streamed/_SUCCESS")).doesNotExist();
        assertThat(out.resolve("_SUCCESS")).doesNotExist();
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files).isEmpty();
            }
        }
    }
}
