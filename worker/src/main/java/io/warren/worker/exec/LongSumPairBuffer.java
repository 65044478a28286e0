package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunReader;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * For jobs whose combiner is {@link io.warren.api.LongSum}: one running {@code long} per distinct key, keys held as
 * bytes in {@link DistinctKeys}. A pair costs a hash lookup and an addition, whether its value came as a number or as
 * decimal text; values become text only when a section is written. Combiner counters count values in and records
 * out, as for any combiner.
 */
final class LongSumPairBuffer implements PairBuffer {
    private final long capacityBytes;
    private final DistinctKeys keys;
    private final byte[] digits = new byte[20];
    private long[] sums = new long[1024];
    private boolean full;
    private long in;
    private long out;

    LongSumPairBuffer(Partitions partitions, long capacityBytes) {
        this.keys = new DistinctKeys(partitions);
        this.capacityBytes = capacityBytes;
    }

    @Override
    public boolean add(String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return add(k, 0, k.length, v, 0, v.length);
    }

    @Override
    public boolean add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) {
        return add(key, keyOff, keyLen, Decimal.parse(value, valOff, valLen, key, keyOff, keyLen));
    }

    @Override
    public boolean add(byte[] key, int keyOff, int keyLen, long value) {
        int id = keys.intern(key, keyOff, keyLen);
        if (keys.added()) {
            if (id == sums.length) sums = Arrays.copyOf(sums, id * 2);
            sums[id] = 0;
            full = keys.footprint() + 8L * keys.size() >= capacityBytes; // only a new key takes memory (and its sum)
        }
        sums[id] = Decimal.add(sums[id], value, keys.arena(), keys.offset(id), keys.length(id));
        in++;
        return true;
    }

    @Override
    public boolean isFull() {
        return full;
    }

    @Override
    public void sort() {
        keys.sort();
    }

    @Override
    public void writeSection(int partition, RunWriter to) throws IOException {
        byte[] arena = keys.arena();
        for (int id = keys.next(partition); id >= 0; id = keys.next(partition)) {
            int len = Decimal.format(sums[id], digits);
            to.write(arena, keys.offset(id), keys.length(id), digits, digits.length - len, len);
            out++;
        }
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
    public int size() {
        return keys.size();
    }

    @Override
    public void clear() {
        keys.clear();
        full = false;
    }

    @Override
    public void countInto(Counters counters) {
        counters.increment(Counters.COMBINE_INPUT_RECORDS, in);
        counters.increment(Counters.COMBINE_OUTPUT_RECORDS, out);
    }
}
