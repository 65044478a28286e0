package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Emitter;
import io.warren.api.Partitioner;
import io.warren.api.Reducer;
import io.warren.protocol.storage.DurableFiles;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunReader;
import io.warren.worker.io.RunWriter;
import io.warren.worker.io.SortBuffer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Collects a map task's pairs: partitions them, buffers them in a bounded {@link SortBuffer}, and when it fills sorts
 * it by partition and key, runs the combiner, and spills it as one file of R sorted sections. At the end the spills
 * are merged (combining again) into one sorted intermediate file per partition, each written to a temporary name,
 * fsynced and renamed. With a single spill nothing is merged: the buffer goes straight to the final files.
 */
final class MapOutput {
    private final int reduces;
    private final Partitioner partitioner;
    private final Reducer combiner;
    private final SortBuffer buffer;
    private final ExecSettings settings;
    private final Counters counters;
    private final Progress progress;
    private final List<Spill> spills = new ArrayList<>();

    /** A spill file and where each partition's section starts; {@code offsets[R]} is the file's end. */
    private record Spill(Path file, long[] offsets) {
    }

    MapOutput(int reduces, Partitioner partitioner, Reducer combiner, ExecSettings settings, Counters counters,
              Progress progress) {
        this.reduces = reduces;
        this.partitioner = partitioner;
        this.combiner = combiner;
        this.buffer = new SortBuffer(settings.sortBufferBytes());
        this.settings = settings;
        this.counters = counters;
        this.progress = progress;
    }

    void emit(String key, String value) throws IOException {
        if (key == null || value == null) throw new IllegalArgumentException("map emitted a null key or value");
        int p = partitioner.partition(key, reduces);
        if (p < 0 || p >= reduces) throw new IllegalStateException("partitioner returned " + p + " for " + reduces + " reduce tasks");
        counters.increment(Counters.MAP_OUTPUT_RECORDS, 1);
        progress.tick();
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        if (!buffer.add(p, k, v)) {
            spill();
            buffer.add(p, k, v);
        }
    }

    /** Writes the R final files: {@code finals[r]} becomes partition r's sorted output. */
    void finish(Path[] finals) throws IOException {
        if (spills.isEmpty()) {
            buffer.sort();
            writeSorted(finals);
            return;
        }
        if (buffer.size() > 0) spill();
        try {
            for (int r = 0; r < reduces; r++) {
                Path temp = DurableFiles.tempFileFor(finals[r]);
                try {
                    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
                         RunWriter out = new RunWriter(file, settings.codec())) {
                        mergePartition(r, out);
                        out.finish();
                    }
                    DurableFiles.replace(temp, finals[r]);
                } finally {
                    Files.deleteIfExists(temp);
                }
                progress.tick();
            }
        } finally {
            for (Spill s : spills) Files.deleteIfExists(s.file);
        }
    }

    private void writeSorted(Path[] finals) throws IOException {
        int i = 0;
        for (int r = 0; r < reduces; r++) {
            Path temp = DurableFiles.tempFileFor(finals[r]);
            try {
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
                     RunWriter out = new RunWriter(file, settings.codec())) {
                    i = writeSection(r, i, out);
                    out.finish();
                }
                DurableFiles.replace(temp, finals[r]);
            } finally {
                Files.deleteIfExists(temp);
            }
            progress.tick();
        }
    }

    private void spill() throws IOException {
        buffer.sort();
        Files.createDirectories(settings.localDir());
        Path file = Files.createTempFile(settings.localDir(), "spill-", ".tmp");
        long[] offsets = new long[reduces + 1];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            int i = 0;
            for (int r = 0; r < reduces; r++) {
                raw.flush();
                offsets[r] = channel.position();
                RunWriter out = new RunWriter(raw, settings.codec());
                i = writeSection(r, i, out);
                out.finish();
                counters.increment(Counters.SPILLED_RECORDS, out.records());
            }
            raw.flush();
            offsets[reduces] = channel.position();
        }
        spills.add(new Spill(file, offsets));
        buffer.clear();
    }

    /** Writes partition r's records (from sorted position i on) through the combiner; returns the next position. */
    private int writeSection(int r, int i, RunWriter out) throws IOException {
        byte[] data = buffer.data();
        int n = buffer.size();
        while (i < n && buffer.partition(i) == r) {
            if (combiner == null) {
                out.write(data, buffer.keyOffset(i), buffer.keyLength(i), data, buffer.valueOffset(i), buffer.valueLength(i));
                i++;
                continue;
            }
            int start = i;
            int stop = i + 1;
            while (stop < n && buffer.partition(stop) == r && sameKey(start, stop)) stop++;
            String key = new String(data, buffer.keyOffset(start), buffer.keyLength(start), StandardCharsets.UTF_8);
            int from = start;
            int end = stop;
            combine(key, new Iterator<>() {
                int j = from;

                @Override
                public boolean hasNext() {
                    return j < end;
                }

                @Override
                public String next() {
                    if (j >= end) throw new NoSuchElementException();
                    String v = new String(data, buffer.valueOffset(j), buffer.valueLength(j), StandardCharsets.UTF_8);
                    j++;
                    return v;
                }
            }, out);
            i = end;
        }
        return i;
    }

    private boolean sameKey(int a, int b) {
        byte[] d = buffer.data();
        return java.util.Arrays.equals(d, buffer.keyOffset(a), buffer.keyOffset(a) + buffer.keyLength(a),
                d, buffer.keyOffset(b), buffer.keyOffset(b) + buffer.keyLength(b));
    }

    private void mergePartition(int r, RunWriter out) throws IOException {
        List<RunReader> readers = new ArrayList<>();
        for (Spill s : spills) {
            InputStream section = new BufferedInputStream(Channels.newInputStream(
                    FileChannel.open(s.file, StandardOpenOption.READ).position(s.offsets[r])), 1 << 16);
            readers.add(new RunReader(new BoundedInputStream(section, s.offsets[r + 1] - s.offsets[r]), s.file + "#" + r));
        }
        try (Merger merger = new Merger(readers)) {
            boolean more = merger.next();
            while (more) {
                RunReader cur = merger.current();
                if (combiner == null) {
                    out.write(cur.buffer(), cur.keyOffset(), cur.keyLength(), cur.buffer(), cur.valueOffset(), cur.valueLength());
                    more = merger.next();
                    continue;
                }
                Group group = new Group(merger);
                combine(group.key, group, out);
                more = group.drain();
            }
        }
    }

    private void combine(String key, Iterator<String> values, RunWriter out) throws IOException {
        Iterator<String> counted = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return values.hasNext();
            }

            @Override
            public String next() {
                counters.increment(Counters.COMBINE_INPUT_RECORDS, 1);
                return values.next();
            }
        };
        Emitter emitter = (k, v) -> {
            if (!key.equals(k)) {
                throw new IllegalStateException("the combiner emitted key '" + k + "' for key '" + key
                        + "'; a combiner must emit the key it was given");
            }
            counters.increment(Counters.COMBINE_OUTPUT_RECORDS, 1);
            try {
                out.write(k, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            combiner.reduce(key, counted, emitter);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the combiner failed: " + e, e);
        }
    }
}
