package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.KeyTable;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * For jobs with a combiner: pairs are grouped by key as they arrive, keys held as bytes in a {@link KeyTable}, and a
 * key's values are combined as soon as it holds {@link #COLLAPSE_AT} of them, so the buffer holds roughly one entry
 * per distinct key rather than one per pair. Spilling then sorts only the distinct keys. Its size is an estimate of
 * the heap it takes.
 */
final class CombiningPairBuffer implements PairBuffer {
    private static final int COLLAPSE_AT = 16;
    private static final int PER_KEY = 4 + 8 + 4 + 8 + 16 + 4; // partition, values array, count, key String, sort index
    private final Partitions partitions;
    private final CountingCombiner combiner;
    private final long capacityBytes;
    private final KeyTable keys = new KeyTable();
    private int[] partitionOf = new int[1024];
    private String[][] values = new String[1024][];
    private int[] counts = new int[1024];
    private String[] keyStrings = new String[1024]; // the key as a String, when it came as one or has been decoded
    private final ValuesIterator iterator = new ValuesIterator();
    private final List<String> combined = new ArrayList<>(1);
    private int[] sorted = new int[0];
    private int cursor;
    private long valueBytes;

    CombiningPairBuffer(Partitions partitions, CountingCombiner combiner, long capacityBytes) {
        this.partitions = partitions;
        this.combiner = combiner;
        this.capacityBytes = capacityBytes;
    }

    /** Always takes the pair; {@link #isFull()} then says whether the buffer has grown past its capacity. */
    @Override
    public boolean add(String key, String value) throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int id = intern(k, 0, k.length);
        if (keyStrings[id] == null) keyStrings[id] = key;
        append(id, value);
        return true;
    }

    @Override
    public boolean add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException {
        append(intern(key, keyOff, keyLen), new String(value, valOff, valLen, StandardCharsets.UTF_8));
        return true;
    }

    private int intern(byte[] key, int off, int len) {
        int id = keys.intern(key, off, len);
        if (keys.added()) {
            if (id == counts.length) {
                int n = id * 2;
                partitionOf = Arrays.copyOf(partitionOf, n);
                values = Arrays.copyOf(values, n);
                counts = Arrays.copyOf(counts, n);
                keyStrings = Arrays.copyOf(keyStrings, n);
            }
            partitionOf[id] = partitions.of(key, off, len); // once per distinct key, not per pair
            values[id] = new String[4];
            counts[id] = 0;
            keyStrings[id] = null;
        }
        return id;
    }

    private void append(int id, String value) throws IOException {
        if (counts[id] == values[id].length) {
            if (counts[id] >= COLLAPSE_AT) collapse(id);
            if (counts[id] == values[id].length) values[id] = Arrays.copyOf(values[id], counts[id] * 2);
        }
        values[id][counts[id]++] = value;
        valueBytes += 24 + 2L * value.length();
    }

    @Override
    public boolean isFull() {
        return keys.footprint() + (long) PER_KEY * keys.size() + valueBytes >= capacityBytes;
    }

    private String key(int id) {
        String k = keyStrings[id];
        if (k == null) {
            k = new String(keys.arena(), keys.offset(id), keys.length(id), StandardCharsets.UTF_8);
            keyStrings[id] = k;
        }
        return k;
    }

    /** Replaces a key's values with what the combiner makes of them. */
    private void collapse(int id) throws IOException {
        String[] items = values[id];
        int n = counts[id];
        combined.clear();
        combiner.combine(key(id), iterator.over(items, n), combined::add);
        for (int i = 0; i < n; i++) valueBytes -= 24 + 2L * items[i].length();
        Arrays.fill(items, 0, n, null);
        counts[id] = 0;
        for (String o : combined) {
            if (counts[id] == values[id].length) values[id] = Arrays.copyOf(values[id], counts[id] * 2);
            values[id][counts[id]++] = o;
            valueBytes += 24 + 2L * o.length();
        }
    }

    /** Orders the distinct keys by partition, then UTF-8 bytes. */
    @Override
    public void sort() {
        int n = keys.size();
        if (sorted.length < n) sorted = new int[Math.max(n, sorted.length * 2)];
        keys.sort(sorted, partitionOf, partitions.count() - 1);
        cursor = 0;
    }

    /** Writes partition r's keys, each combined one last time, from the sorted position on. */
    @Override
    public void writeSection(int partition, RunWriter out) throws IOException {
        byte[] arena = keys.arena();
        for (int n = keys.size(); cursor < n && partitionOf[sorted[cursor]] == partition; cursor++) {
            int id = sorted[cursor];
            combined.clear();
            combiner.combine(key(id), iterator.over(values[id], counts[id]), combined::add);
            for (String value : combined) {
                byte[] b = value.getBytes(StandardCharsets.UTF_8);
                out.write(arena, keys.offset(id), keys.length(id), b, 0, b.length);
            }
        }
    }

    @Override
    public void writeMerged(Merger merged, RunWriter out) throws IOException {
        combiner.combineMerged(merged, out);
    }

    @Override
    public int size() {
        return keys.size();
    }

    @Override
    public void clear() {
        for (int id = 0, n = keys.size(); id < n; id++) {
            values[id] = null;
            keyStrings[id] = null;
        }
        keys.clear();
        cursor = 0;
        valueBytes = 0;
    }

    @Override
    public void countInto(Counters counters) {
        combiner.countInto(counters);
    }

    /** The first n values of an array, one instance reused for every combiner call. */
    private static final class ValuesIterator implements Iterator<String> {
        private String[] items;
        private int n;
        private int i;

        ValuesIterator over(String[] items, int n) {
            this.items = items;
            this.n = n;
            this.i = 0;
            return this;
        }

        @Override
        public boolean hasNext() {
            return i < n;
        }

        @Override
        public String next() {
            if (i >= n) throw new NoSuchElementException();
            return items[i++];
        }
    }
}
