package io.warren.bench;

import io.warren.api.Emitter;
import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.apps.WordCount;
import io.warren.worker.io.Codec;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunReader;
import io.warren.worker.io.RunWriter;
import io.warren.worker.io.SortBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The hot paths of a wordcount job, one benchmark each: tokenizing lines through the wordcount mapper, sorting a full
 * sort buffer and writing it as a run (with and without LZ4), and k-way merging runs.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' org.openjdk.jmh.Main HotPathBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBench {
    private static final int RECORDS = 200_000;

    @Param({"LZ4", "NONE"})
    public String codec;

    private List<String> lines;
    private Mapper mapper;
    private byte[][] keys;
    private byte[] one;
    private List<byte[]> runs;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("hotpath");
        TextGen.generate(dir, 4 << 20, 1, 7);
        lines = java.nio.file.Files.readAllLines(dir.resolve("part-0000.txt"));
        mapper = new WordCount().mapper(new JobContext() {
            public String jobId() {
                return "bench";
            }

            public Map<String, String> params() {
                return Map.of();
            }
        });
        List<byte[]> words = new ArrayList<>();
        for (String line : lines) {
            for (String w : line.split("[^\\p{L}]+")) if (!w.isEmpty()) words.add(w.getBytes(StandardCharsets.UTF_8));
            if (words.size() >= RECORDS) break;
        }
        keys = words.toArray(new byte[0][]);
        one = "1".getBytes(StandardCharsets.UTF_8);
        runs = new ArrayList<>();
        Random random = new Random(3);
        for (int r = 0; r < 16; r++) {
            List<byte[]> sorted = new ArrayList<>();
            for (int i = 0; i < RECORDS / 16; i++) sorted.add(keys[random.nextInt(keys.length)]);
            sorted.sort(java.util.Arrays::compareUnsigned);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (RunWriter out = new RunWriter(bytes, Codec.valueOf(codec))) {
                for (byte[] k : sorted) out.write(k, 0, k.length, one, 0, one.length);
                out.finish();
            }
            runs.add(bytes.toByteArray());
        }
    }

    /** Lines per second through the wordcount mapper (tokenizing and emitting). */
    @Benchmark
    public void tokenize(Blackhole hole) throws Exception {
        Emitter out = (k, v) -> hole.consume(k);
        for (String line : lines) mapper.map("doc", line, out);
    }

    /** 200,000 pairs per operation: buffered, sorted by partition and key, written as runs. */
    @Benchmark
    public long sortAndSpill() throws IOException {
        SortBuffer buffer = new SortBuffer(64 << 20);
        for (int i = 0; i < keys.length; i++) buffer.add(i & 7, keys[i], one);
        buffer.sort();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (RunWriter out = new RunWriter(bytes, Codec.valueOf(codec))) {
            byte[] data = buffer.data();
            for (int i = 0; i < buffer.size(); i++) {
                out.write(data, buffer.keyOffset(i), buffer.keyLength(i), data, buffer.valueOffset(i), buffer.valueLength(i));
            }
            out.finish();
        }
        return bytes.size();
    }

    /** 200,000 records per operation, merged from 16 sorted runs. */
    @Benchmark
    public long merge() throws IOException {
        List<RunReader> readers = new ArrayList<>();
        for (byte[] run : runs) readers.add(new RunReader(new ByteArrayInputStream(run), "run"));
        long n = 0;
        try (Merger merger = new Merger(readers)) {
            while (merger.next()) n += merger.current().keyLength();
        }
        return n;
    }
}
