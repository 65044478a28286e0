package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Reducer;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java combiner's step: each key's values wait in {@link PendingValues} and are combined when the key is written
 * (or earlier, when they differ and pile up), so the combiner runs about once per distinct key per spill.
 */
final class ReducerCombine implements KeyedPairs.Combine {
    private final CountingCombiner combiner;
    private final PendingValues values = new PendingValues();
    private final List<String> combined = new ArrayList<>(1);

    ReducerCombine(Reducer combiner) {
        this.combiner = new CountingCombiner(combiner);
    }

    @Override
    public void start(int id) {
        values.start(id);
    }

    @Override
    public void add(KeyedPairs keys, int id, String value) throws IOException {
        if (values.add(id, value)) return;
        values.replace(id, combine(keys, id));
        values.add(id, value);
    }

    @Override
    public void add(KeyedPairs keys, int id, byte[] value, int off, int len) throws IOException {
        add(keys, id, new String(value, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void add(KeyedPairs keys, int id, long value) throws IOException {
        add(keys, id, Long.toString(value));
    }

    @Override
    public long footprint(int keys) {
        return (long) PendingValues.PER_KEY * keys + values.bytes();
    }

    /** What the combiner makes of a key's values; one list, reused: valid until the next call. */
    private List<String> combine(KeyedPairs keys, int id) throws IOException {
        combined.clear();
        combiner.combine(keys.key(id), values.of(id), combined::add);
        return combined;
    }

    @Override
    public void write(KeyedPairs keys, int id, RunWriter out) throws IOException {
        byte[] arena = keys.arena();
        for (String value : combine(keys, id)) {
            byte[] b = value.getBytes(StandardCharsets.UTF_8);
            out.write(arena, keys.offset(id), keys.length(id), b, 0, b.length);
        }
    }

    @Override
    public void writeMerged(Merger merged, RunWriter out) throws IOException {
        combiner.combineMerged(merged, out);
    }

    @Override
    public void clear(int keys) {
        values.clear(keys);
    }

    @Override
    public void countInto(Counters counters) {
        combiner.countInto(counters);
    }
}
