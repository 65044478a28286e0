package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Emitter;
import io.warren.api.Partitioner;
import io.warren.api.Reducer;
import io.warren.protocol.storage.DurableFiles;
import io.warren.worker.io.Merger;
import io.warren.worker.io.MultiPassMerger;
import io.warren.worker.io.RunReader;
import io.warren.worker.io.RunSource;
import io.warren.worker.io.RunWriter;
import io.warren.worker.io.SortBuffer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Iterator;
import java.util.List;

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
    private final Aggregation aggregation;
    private long outputRecords;
    private long combineIn;
    private long combineOut;
    private long spilled;

    /** A spill file and where each partition's section starts; {@code offsets[R]} is the file's end. */
    private record Spill(Path file, long[] offsets) {
        RunSource section(int partition, int index) {
            return RunSource.section(file, offsets[partition], offsets[partition + 1], file + "#" + partition,
                    List.of(index));
        }
    }

    MapOutput(int reduces, Partitioner partitioner, Reducer combiner, ExecSettings settings, Counters counters,
              Progress progress) {
        this.reduces = reduces;
        this.partitioner = partitioner;
        this.combiner = combiner;
        this.buffer = combiner == null ? new SortBuffer(settings.sortBufferBytes()) : null; // aggregation replaces it
        this.settings = settings;
        this.counters = counters;
        this.progress = progress;
        this.aggregation = combiner == null ? null : new Aggregation();
    }

    void emit(String key, String value) throws IOException {
        if (key == null || value == null) throw new IllegalArgumentException("map emitted a null key or value");
        if ((long) key.length() + value.length() > settings.maxRecordBytes()) {
            throw new RecordTooLarge("an emitted pair", (long) key.length() + value.length(), settings.maxRecordBytes());
        }
        outputRecords++;
        progress.tick();
        if (aggregation != null) {
            aggregation.add(key, value);
            return;
        }
        int p = partition(key);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        if (!buffer.add(p, k, v)) {
            spill();
            buffer.add(p, k, v);
        }
    }

    private int partition(String key) {
        int p = partitioner.partition(key, reduces);
        if (p < 0 || p >= reduces) throw new IllegalStateException("partitioner returned " + p + " for " + reduces + " reduce tasks");
        return p;
    }

    /** Writes the R final files: {@code finals[r]} becomes partition r's sorted output. */
    void finish(Path[] finals) throws IOException {
        try {
            finishOutput(finals);
        } finally {
            counters.increment(Counters.MAP_OUTPUT_RECORDS, outputRecords);
            if (combiner != null) {
                counters.increment(Counters.COMBINE_INPUT_RECORDS, combineIn);
                counters.increment(Counters.COMBINE_OUTPUT_RECORDS, combineOut);
            }
            counters.increment(Counters.SPILLED_RECORDS, spilled);
        }
    }

    private void finishOutput(Path[] finals) throws IOException {
        if (aggregation != null && spills.isEmpty()) {
            aggregation.sort();
            writeFinals(finals, (r, out) -> aggregation.writeSection(r, out));
            return;
        }
        if (aggregation != null) {
            if (aggregation.size() > 0) spill();
        } else if (spills.isEmpty()) {
            buffer.sort();
            writeSorted(finals);
            return;
        }
        if (aggregation == null && buffer.size() > 0) spill();
        try {
            writeFinals(finals, this::mergePartition);
        } finally {
            for (Spill s : spills) Files.deleteIfExists(s.file);
        }
    }

    private void writeSorted(Path[] finals) throws IOException {
        int[] next = {0};
        writeFinals(finals, (r, out) -> next[0] = writeSection(r, next[0], out));
    }

    private interface SectionWriter {
        void write(int partition, RunWriter out) throws IOException;
    }

    /**
     * Writes each partition's section to a temporary file, then renames them all into place with one directory fsync
     * (rather than one per partition, which dominated tiny tasks).
     */
    private void writeFinals(Path[] finals, SectionWriter sections) throws IOException {
        List<Path> temps = new ArrayList<>(reduces);
        try {
            for (int r = 0; r < reduces; r++) {
                Path temp = DurableFiles.tempFileIn(finals[r]);
                temps.add(temp);
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
                     RunWriter out = new RunWriter(file, settings.codec())) {
                    sections.write(r, out);
                    out.finish();
                }
                progress.tick();
            }
            DurableFiles.replaceAll(temps, Arrays.asList(finals));
        } finally {
            for (Path temp : temps) Files.deleteIfExists(temp);
        }
    }

    private void spill() throws IOException {
        if (aggregation != null) aggregation.sort();
        else buffer.sort();
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
                if (aggregation != null) aggregation.writeSection(r, out);
                else i = writeSection(r, i, out);
                out.finish();
                spilled += out.records();
            }
            raw.flush();
            offsets[reduces] = channel.position();
        }
        spills.add(new Spill(file, offsets));
        if (aggregation != null) aggregation.clear();
        else buffer.clear();
    }

    /** Writes partition r's records (from sorted position i on) through the combiner; returns the next position. */
    /**
     * Writes partition r's records from sorted position i on; returns the next position. The sort buffer serves jobs
     * without a combiner only (with one, the aggregation table takes its place), so records go out as they are.
     */
    private int writeSection(int r, int i, RunWriter out) throws IOException {
        byte[] data = buffer.data();
        int n = buffer.size();
        for (; i < n && buffer.partition(i) == r; i++) {
            out.write(data, buffer.keyOffset(i), buffer.keyLength(i), data, buffer.valueOffset(i), buffer.valueLength(i));
        }
        return i;
    }
    /** Merges partition r's sections of every spill, in passes of at most the merge factor, into {@code out}. */
    private void mergePartition(int r, RunWriter out) throws IOException {
        List<RunSource> sections = new ArrayList<>(spills.size());
        for (int i = 0; i < spills.size(); i++) sections.add(spills.get(i).section(r, i));
        try (MultiPassMerger merging = new MultiPassMerger(settings.localDir(), settings.codec(), settings.mergeFactor(),
                progress::tick);
             Merger merger = merging.merge(sections)) {
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
        combine(key, values, v -> out.write(key, v));
    }

    private interface ValueSink {
        void accept(String value) throws IOException;
    }

    /** Runs the combiner over one key's values, counting what goes in and out, and holding it to its key. */
    private void combine(String key, Iterator<String> values, ValueSink sink) throws IOException {
        Iterator<String> counted = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return values.hasNext();
            }

            @Override
            public String next() {
                combineIn++;
                return values.next();
            }
        };
        Emitter emitter = (k, v) -> {
            if (!key.equals(k)) {
                throw new IllegalStateException("the combiner emitted key '" + k + "' for key '" + key
                        + "'; a combiner must emit the key it was given");
            }
            combineOut++;
            try {
                sink.accept(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            combiner.reduce(key, counted, emitter);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the combiner failed: " + e, e);
        }
    }

    /**
     * For jobs with a combiner: pairs are grouped by key in a hash map as they arrive, and a key's values are combined
     * as soon as it holds {@link #COLLAPSE_AT} of them, so the buffer holds roughly one entry per distinct key rather
     * than one per pair. Spilling then sorts only the distinct keys.
     */
    private final class Aggregation {
        private static final int COLLAPSE_AT = 16;
        private final HashMap<String, Values> groups = new HashMap<>();
        private List<Map.Entry<byte[], Values>> sorted = List.of();
        private long bytes;

        private static final class Values {
            final int partition;
            String[] items = new String[4];
            int n;

            Values(int partition) {
                this.partition = partition;
            }
        }

        int size() {
            return groups.size();
        }

        void add(String key, String value) throws IOException {
            Values v = groups.get(key);
            if (v == null) {
                v = new Values(partition(key)); // once per distinct key, not per pair
                groups.put(key, v);
                bytes += 112 + 2L * key.length();
            }
            if (v.n == v.items.length) {
                if (v.n >= COLLAPSE_AT) collapse(key, v);
                if (v.n == v.items.length) v.items = Arrays.copyOf(v.items, v.items.length * 2);
            }
            v.items[v.n++] = value;
            bytes += 24 + 2L * value.length();
            if (bytes >= settings.sortBufferBytes()) spill();
        }

        private void collapse(String key, Values v) throws IOException {
            List<String> out = new ArrayList<>(1);
            combineInto(key, Arrays.asList(v.items).subList(0, v.n).iterator(), out);
            for (int i = 0; i < v.n; i++) bytes -= 24 + 2L * v.items[i].length();
            Arrays.fill(v.items, null);
            v.n = 0;
            for (String o : out) {
                if (v.n == v.items.length) v.items = Arrays.copyOf(v.items, v.items.length * 2);
                v.items[v.n++] = o;
                bytes += 24 + 2L * o.length();
            }
        }

        private void combineInto(String key, Iterator<String> values, List<String> out) throws IOException {
            combine(key, values, out::add);
        }

        /** Orders the distinct keys by partition, then UTF-8 bytes. */
        void sort() {
            List<Map.Entry<byte[], Values>> entries = new ArrayList<>(groups.size());
            groups.forEach((k, v) -> entries.add(Map.entry(k.getBytes(StandardCharsets.UTF_8), v)));
            entries.sort((a, b) -> {
                int c = Integer.compare(a.getValue().partition, b.getValue().partition);
                return c != 0 ? c : Arrays.compareUnsigned(a.getKey(), b.getKey());
            });
            sorted = entries;
            cursor = 0;
        }

        private int cursor;

        /** Writes partition r's keys, each combined one last time, from the sorted position on. */
        void writeSection(int r, RunWriter out) throws IOException {
            List<String> combined = new ArrayList<>(1);
            while (cursor < sorted.size() && sorted.get(cursor).getValue().partition == r) {
                var e = sorted.get(cursor++);
                String key = new String(e.getKey(), StandardCharsets.UTF_8);
                Values v = e.getValue();
                combined.clear();
                combineInto(key, Arrays.asList(v.items).subList(0, v.n).iterator(), combined);
                byte[] k = e.getKey();
                for (String value : combined) {
                    byte[] b = value.getBytes(StandardCharsets.UTF_8);
                    out.write(k, 0, k.length, b, 0, b.length);
                }
            }
        }

        void clear() {
            groups.clear();
            sorted = List.of();
            cursor = 0;
            bytes = 0;
        }
    }
}
