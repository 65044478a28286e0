package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.KeyTable;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Each distinct key once, as bytes in a {@link KeyTable} (through {@link DistinctKeys}, which asks the partitioner
 * once per key), with what the combine step aggregates for it kept by the key's id: the values waiting for a Java
 * combiner ({@link ReducerCombine}) or a running sum ({@link LongSumCombine}). A key emitted as a String is found
 * through {@link StringKeys} without encoding it. A spill sorts only the distinct keys, and writes each combined.
 */
final class KeyedPairs implements MapBuffer {
    /** What is aggregated per key, and written for it. */
    interface Combine {
        /** Key {@code id} is new: it has no values yet. */
        void start(int id);

        void add(KeyedPairs keys, int id, String value) throws IOException;

        void add(KeyedPairs keys, int id, byte[] value, int off, int len) throws IOException;

        void add(KeyedPairs keys, int id, long value) throws IOException;

        /** What the aggregates of {@code keys} keys take in memory, in bytes. */
        long footprint(int keys);

        /** Writes key {@code id} with its values combined. */
        void write(KeyedPairs keys, int id, RunWriter out) throws IOException;

        /** Writes a merge of spilled sections, each key's values combined once more. */
        void writeMerged(Merger merged, RunWriter out) throws IOException;

        void clear(int keys);

        void countInto(Counters counters);
    }

    private final long capacityBytes;
    private final DistinctKeys keys;
    private final StringKeys strings = new StringKeys();
    private final Combine combine;

    KeyedPairs(Partitions partitions, long capacityBytes, Combine combine) {
        this.keys = new DistinctKeys(partitions);
        this.capacityBytes = capacityBytes;
        this.combine = combine;
    }

    @Override
    public void add(String key, String value) throws IOException {
        int id = strings.find(key);
        if (id < 0) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            id = intern(k, 0, k.length);
            strings.index(key, id);
        }
        combine.add(this, id, value);
    }

    @Override
    public void add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException {
        combine.add(this, intern(key, keyOff, keyLen), value, valOff, valLen);
    }

    @Override
    public void add(byte[] key, int keyOff, int keyLen, long value) throws IOException {
        combine.add(this, intern(key, keyOff, keyLen), value);
    }

    private int intern(byte[] key, int off, int len) {
        int id = keys.intern(key, off, len);
        if (keys.added()) combine.start(id);
        return id;
    }

    @Override
    public boolean isFull() {
        return keys.footprint() + strings.footprint() + combine.footprint(keys.size()) >= capacityBytes;
    }

    @Override
    public boolean isEmpty() {
        return keys.size() == 0;
    }

    /** The key as a String, decoded once. */
    String key(int id) {
        String k = strings.get(id);
        if (k == null) {
            k = new String(keys.arena(), keys.offset(id), keys.length(id), StandardCharsets.UTF_8);
            strings.remember(id, k);
        }
        return k;
    }

    byte[] arena() {
        return keys.arena();
    }

    int offset(int id) {
        return keys.offset(id);
    }

    int length(int id) {
        return keys.length(id);
    }

    @Override
    public void spill(Sections out) throws IOException {
        keys.sort();
        for (int p = 0; p < keys.partitions(); p++) {
            int id = keys.next(p);
            if (id < 0) continue;
            RunWriter section = out.section(p);
            for (; id >= 0; id = keys.next(p)) combine.write(this, id, section);
        }
        combine.clear(keys.size());
        strings.clear(keys.size());
        keys.clear();
    }

    @Override
    public void writeMerged(Merger merged, RunWriter out) throws IOException {
        combine.writeMerged(merged, out);
    }

    @Override
    public void discard() {
        combine.clear(keys.size());
        strings.clear(keys.size());
        keys.clear();
    }

    @Override
    public void countInto(Counters counters) {
        combine.countInto(counters);
    }
}
