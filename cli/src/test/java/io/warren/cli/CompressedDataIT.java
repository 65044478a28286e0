package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.PipelineStep;
import io.warren.protocol.Streaming;
import io.warren.protocol.storage.Compression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compressed data on a real fleet (a coordinator and two worker JVMs over RabbitMQ): {@code .gz}, {@code .zst} and
 * {@code .bz2} inputs mixed with plain ones, read by Java and streaming jobs; output written compressed; a corrupt
 * input failing its job with the file named. Every output is compared with a sequential computation over the plain
 * text the compressed files were made from.
 */
class CompressedDataIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final long SPLIT_SIZE = 4_000; // cuts the plain files into several tasks each
    @TempDir
    static Path storage;
    static Fleet fleet;
    /** The input's documents as plain text, kept outside the inputs: name to file. */
    static Map<String, Path> plain;

    @BeforeAll
    static void startFleet() throws Exception {
        plain = TextGenerator.write(storage, "plain", 9, 600, 2212);
        Files.createDirectories(storage.resolve("in"));
        Compression[] formats = {Compression.GZIP, Compression.ZSTD, Compression.BZIP2, Compression.NONE};
        int i = 0;
        for (Path doc : plain.values()) {
            Compression c = formats[i++ % formats.length];
            write(c, Files.readAllBytes(doc), storage.resolve("in").resolve(doc.getFileName() + c.extension()));
        }
        fleet = new Fleet("compress", storage, "--max-attempts", "2");
        fleet.startCoordinator().startWorkers(2);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) fleet.close();
    }

    static void write(Compression c, byte[] content, Path file) throws IOException {
        try (OutputStream out = c.compress(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    private static JobRecord runToSuccess(JobSpec spec) throws Exception {
        JobUpdate end = fleet.run(spec, JOB_TIMEOUT);
        JobRecord record = fleet.record(spec.jobId());
        assertThat(end.state()).as("job %s ended %s: %s", spec.jobId(), end.state(), record.error())
                .isEqualTo(JobState.SUCCEEDED);
        return record;
    }

    /** The lines of every output file in the directory, each decompressed as its name says, sorted. */
    static List<String> decompressedOutput(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("mr-out-")).toList()) {
                Compression c = Compression.of(f.getFileName().toString());
                try (InputStream in = c.decompress(Files.newInputStream(f), f.toString())) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    lines.addAll(SequentialReference.lines(text));
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    private static List<String> outputNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void wordcountOverMixedCompressedAndPlainInputMatchesTheSequentialComputation() throws Exception {
        JobSpec spec = JobSpec.of("wc-mixed", "wordcount", null, List.of("in/*"), "out/wc-mixed", 3, Map.of())
                .withSplitSize(SPLIT_SIZE);

        JobRecord record = runToSuccess(spec);

        assertThat(SequentialReference.output(storage.resolve("out/wc-mixed")))
                .isEqualTo(SequentialReference.run(new WordCount(), Map.of(), plain));
        // Each compressed file went whole to one task; plain files larger than a split were cut.
        List<InputSplit> splits = record.mapInputs().stream().flatMap(List::stream).toList();
        for (InputSplit s : splits) {
            if (!Compression.of(s.path()).splittable()) {
                assertThat(s.start()).as(s.path()).isZero();
                assertThat(s.length()).as(s.path()).isEqualTo(Files.size(storage.resolve(s.path())));
            }
        }
        assertThat(splits.stream().filter(s -> Compression.of(s.path()).splittable()).map(InputSplit::path).distinct()
                .count()).isLessThan(splits.stream().filter(s -> Compression.of(s.path()).splittable()).count());
        long plainBytes = plain.values().stream().mapToLong(p -> p.toFile().length()).sum();
        assertThat(record.counters()).containsEntry("map.input.bytes", plainBytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd"})
    void compressedOutputDecompressesToTheSequentialComputation(String format) throws Exception {
        Compression c = Compression.forOutput(format);
        String out = "out/wc-" + format;
        JobSpec spec = JobSpec.of("wc-" + format, "wordcount", null, List.of("in/*"), out, 3, Map.of())
                .withOutputCompression(format);

        runToSuccess(spec);

        assertThat(outputNames(storage.resolve(out)))
                .containsExactly("_SUCCESS", "mr-out-0" + c.extension(), "mr-out-1" + c.extension(), "mr-out-2" + c.extension());
        assertThat(decompressedOutput(storage.resolve(out))).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), plain));
    }

    /** What {@code cat | map.py | sort | reduce.py} computes over the plain text: words split at whitespace. */
    @Test
    void aStreamingJobIsFedTheDecompressedLines() throws Exception {
        Path examples = Path.of("..", "examples", "streaming", "wordcount").toAbsolutePath().normalize();
        List<Streaming.ShippedFile> files = new ArrayList<>();
        for (String script : List.of("map.py", "reduce.py")) {
            files.add(Streaming.file(script, Files.readAllBytes(examples.resolve(script)), false));
        }
        Streaming streaming = new Streaming("python3 map.py", "python3 reduce.py", "python3 reduce.py", files);
        JobSpec spec = JobSpec.of("stream-wc", null, null, List.of("in/*"), "out/stream-wc", 2, Map.of())
                .withStreaming(streaming);

        runToSuccess(spec);

        Map<String, Long> counts = new TreeMap<>();
        for (Path doc : plain.values()) {
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                for (String w : line.trim().split(" +")) if (!w.isEmpty()) counts.merge(w, 1L, Long::sum);
            }
        }
        List<String> expected = new ArrayList<>();
        counts.forEach((w, n) -> expected.add(w + "\t" + n));
        expected.sort(null);
        assertThat(decompressedOutput(storage.resolve("out/stream-wc"))).isEqualTo(expected);
    }

    /** Bad input is not retried (the fleet allows two attempts): the first failure on it fails the job. */
    @Test
    void aCorruptGzipInputFailsTheJobAtOnceNamingTheFileAndLeavesNoOutput() throws Exception {
        Path bad = Files.createDirectories(storage.resolve("bad"));
        Files.copy(storage.resolve("in/3.txt"), bad.resolve("3.txt"));
        byte[] whole = Files.readAllBytes(storage.resolve("in/0.txt.gz"));
        Files.write(bad.resolve("truncated.gz"), Arrays.copyOf(whole, whole.length * 2 / 3));
        JobSpec spec = JobSpec.of("wc-corrupt", "wordcount", null, List.of("bad/*"), "out/wc-corrupt", 2, Map.of());

        JobUpdate end = fleet.run(spec, JOB_TIMEOUT);

        JobRecord record = fleet.record("wc-corrupt");
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(record.error()).contains("bad/truncated.gz").contains("corrupt, truncated").contains("failed 1 time(s)");
        assertThat(record.maps()).filteredOn(t -> t.error() != null).singleElement()
                .satisfies(t -> assertThat(t.runs()).hasSize(1));
        Path out = storage.resolve("out/wc-corrupt");
        if (Files.exists(out)) assertThat(outputNames(out)).isEmpty();
    }

    /** A pipeline's second step reads the first step's compressed output as its input. */
    @Test
    void aStepReadsTheCompressedOutputOfTheStepBefore() throws Exception {
        Map<String, String> noParams = Map.of();
        JobSpec count = JobSpec.of(null, "wordcount", null, List.of("in/*"), null, 3, noParams).withOutputCompression("zstd");
        JobSpec top = JobSpec.of(null, "topcount", null, List.of("@count"), "out/top", 1, Map.of("n", "15"))
                .withOutputCompression("gzip");
        JobSpec pipeline = JobSpec.pipeline("compressed-steps", List.of(new PipelineStep("count", count),
                new PipelineStep("top", top)), false);

        JobUpdate end = fleet.run(pipeline, JOB_TIMEOUT);

        assertThat(end.state()).as("pipeline ended %s", end.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(outputNames(storage.resolve("out/top"))).containsExactly("_SUCCESS", "mr-out-0.gz");
        List<String> got = new ArrayList<>();
        try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(storage.resolve("out/top/mr-out-0.gz")), "top")) {
            got.addAll(SequentialReference.lines(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        assertThat(got).containsExactlyElementsOf(PipelineIT.top(SequentialReference.run(new WordCount(), Map.of(), plain), 15));
    }
}
