package io.warren.worker.exec;

import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;
import io.warren.worker.io.SortBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** For jobs without a combiner: every pair packed into a {@link SortBuffer} and written out as it came. */
final class SortingPairBuffer implements PairBuffer {
    private final Partitions partitions;
    private final SortBuffer buffer;
    private int cursor;

    SortingPairBuffer(Partitions partitions, long capacityBytes) {
        this.partitions = partitions;
        this.buffer = new SortBuffer(capacityBytes);
    }

    @Override
    public boolean add(String key, String value) {
        int p = partitions.of(key);
        return buffer.add(p, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) {
        return buffer.add(partitions.of(key, keyOff, keyLen), key, keyOff, keyLen, value, valOff, valLen);
    }

    /** Never: this buffer refuses a pair that does not fit instead. */
    @Override
    public boolean isFull() {
        return false;
    }

    @Override
    public void sort() {
        buffer.sort();
        cursor = 0;
    }

    @Override
    public void writeSection(int partition, RunWriter out) throws IOException {
        byte[] data = buffer.data();
        int n = buffer.size();
        for (; cursor < n && buffer.partition(cursor) == partition; cursor++) {
            out.write(data, buffer.keyOffset(cursor), buffer.keyLength(cursor), data, buffer.valueOffset(cursor),
                    buffer.valueLength(cursor));
        }
    }

    @Override
    public void writeMerged(Merger merged, RunWriter out) throws IOException {
        merged.copyTo(out, () -> { });
    }

    @Override
    public int size() {
        return buffer.size();
    }

    @Override
    public void clear() {
        buffer.clear();
        cursor = 0;
    }
}
