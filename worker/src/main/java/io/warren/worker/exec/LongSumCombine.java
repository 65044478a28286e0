package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunReader;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link io.warren.api.LongSum}'s step: one running {@code long} per distinct key. A pair costs a hash lookup and an
 * addition, whether its value came as a number or as decimal text; values become text only when a key is written.
 * Combiner counters count values in and records out, as for any combiner.
 */
final class LongSumCombine implements KeyedPairs.Combine {
    private final byte[] digits = new byte[20];
    private long[] sums = new long[1024];
    private long in;
    private long out;

    @Override
    public void start(int id) {
        if (id == sums.length) sums = Arrays.copyOf(sums, id * 2);
        sums[id] = 0;
    }

    @Override
    public void add(KeyedPairs keys, int id, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        add(keys, id, v, 0, v.length);
    }

    @Override
    public void add(KeyedPairs keys, int id, byte[] value, int off, int len) {
        add(keys, id, Decimal.parse(value, off, len, keys.arena(), keys.offset(id), keys.length(id)));
    }

    @Override
    public void add(KeyedPairs keys, int id, long value) {
        sums[id] = Decimal.add(sums[id], value, keys.arena(), keys.offset(id), keys.length(id));
        in++;
    }

    @Override
    public long footprint(int keys) {
        return 8L * keys;
    }

    @Override
    public void write(KeyedPairs keys, int id, RunWriter to) throws IOException {
        int len = Decimal.format(sums[id], digits);
        to.write(keys.arena(), keys.offset(id), keys.length(id), digits, digits.length - len, len);
        out++;
    }

    /** Adds up each key's values across the merged spills: the runs are sorted, so a key's values are adjacent. */
    @Override
    public void writeMerged(Merger merged, RunWriter to) throws IOException {
        byte[] key = new byte[64];
        int keyLen = -1;
        long sum = 0;
        while (merged.next()) {
            RunReader r = merged.current();
            long value = Decimal.parse(r.buffer(), r.valueOffset(), r.valueLength(), r.buffer(), r.keyOffset(), r.keyLength());
            in++;
            if (keyLen >= 0 && Arrays.equals(key, 0, keyLen, r.buffer(), r.keyOffset(), r.keyOffset() + r.keyLength())) {
                sum = Decimal.add(sum, value, key, 0, keyLen);
                continue;
            }
            if (keyLen >= 0) writeMergedKey(to, key, keyLen, sum);
            if (key.length < r.keyLength()) key = new byte[r.keyLength()];
            System.arraycopy(r.buffer(), r.keyOffset(), key, 0, r.keyLength());
            keyLen = r.keyLength();
            sum = value;
        }
        if (keyLen >= 0) writeMergedKey(to, key, keyLen, sum);
    }

    private void writeMergedKey(RunWriter to, byte[] key, int keyLen, long sum) throws IOException {
        int len = Decimal.format(sum, digits);
        to.write(key, 0, keyLen, digits, digits.length - len, len);
        out++;
    }

    @Override
    public void clear(int keys) {
    }

    @Override
    public void countInto(Counters counters) {
        counters.increment(Counters.COMBINE_INPUT_RECORDS, in);
        counters.increment(Counters.COMBINE_OUTPUT_RECORDS, out);
    }
}
