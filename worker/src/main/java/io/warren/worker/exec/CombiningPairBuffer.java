package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * For jobs with a combiner: pairs are grouped by key as they arrive, keys held as bytes in {@link DistinctKeys}, values
 * in {@link PendingValues}, so the buffer holds roughly one entry per distinct key rather than one per pair. A key
 * emitted as a String is found through {@link StringKeys} without encoding it. Each key's values are combined when
 * its section is written (or earlier, when they differ and pile up), so the combiner runs about once per distinct key
 * per spill. Spilling then sorts only the distinct keys. Its size is an estimate of the heap it takes.
 */
final class CombiningPairBuffer implements PairBuffer {
    private final CountingCombiner combiner;
    private final long capacityBytes;
    private final DistinctKeys keys;
    private final StringKeys strings = new StringKeys();
    private final PendingValues values = new PendingValues();
    private final List<String> combined = new ArrayList<>(1);

    CombiningPairBuffer(Partitions partitions, CountingCombiner combiner, long capacityBytes) {
        this.keys = new DistinctKeys(partitions);
        this.combiner = combiner;
        this.capacityBytes = capacityBytes;
    }

    /** Always takes the pair; {@link #isFull()} then says whether the buffer has grown past its capacity. */
    @Override
    public boolean add(String key, String value) throws IOException {
        int id = strings.find(key);
        if (id < 0) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            id = intern(k, 0, k.length);
            strings.index(key, id);
        }
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
        if (keys.added()) values.start(id);
        return id;
    }

    private void append(int id, String value) throws IOException {
        if (values.add(id, value)) return;
        values.replace(id, combine(id));
        values.add(id, value);
    }

    @Override
    public boolean isFull() {
        return keys.footprint() + (long) PendingValues.PER_KEY * keys.size() + strings.footprint() + values.bytes()
                >= capacityBytes;
    }

    private String key(int id) {
        String k = strings.get(id);
        if (k == null) {
            k = new String(keys.arena(), keys.offset(id), keys.length(id), StandardCharsets.UTF_8);
            strings.remember(id, k);
        }
        return k;
    }

    /** What the combiner makes of a key's values; one list, reused: valid until the next call. */
    private List<String> combine(int id) throws IOException {
        combined.clear();
        combiner.combine(key(id), values.of(id), combined::add);
        return combined;
    }

    /** Orders the distinct keys by partition, then UTF-8 bytes. */
    @Override
    public void sort() {
        keys.sort();
    }

    /** Writes partition r's keys, each combined one last time, from the sorted position on. */
    @Override
    public void writeSection(int partition, RunWriter out) throws IOException {
        byte[] arena = keys.arena();
        for (int id = keys.next(partition); id >= 0; id = keys.next(partition)) {
            for (String value : combine(id)) {
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
        values.clear(keys.size());
        strings.clear(keys.size());
        keys.clear();
    }

    @Override
    public void countInto(Counters counters) {
        combiner.countInto(counters);
    }
}
