package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;
import io.warren.worker.io.SortBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Every pair packed into a {@link SortBuffer}, filed under its partition; a spill sorts them and hands them to the
 * combine step: {@link Combine#NONE} writes them as they are, a {@link StreamingCombine} pipes them through the job's
 * combiner command.
 */
final class SortedPairs implements MapBuffer {
    /** What a spill writes of the sorted pairs, and the final merge of the spills. */
    interface Combine {
        /** Writes the sorted buffer's pairs to their partitions' sections. */
        void write(SortBuffer sorted, Sections out) throws IOException;

        void writeMerged(Merger merged, RunWriter out) throws IOException;

        default void discard() {
        }

        default void countInto(Counters counters) {
        }

        /** No combining: every pair is written as it came. */
        Combine NONE = new Combine() {
            @Override
            public void write(SortBuffer sorted, Sections out) throws IOException {
                byte[] data = sorted.data();
                for (int i = 0, n = sorted.size(); i < n; i++) {
                    out.section(sorted.partition(i)).write(data, sorted.keyOffset(i), sorted.keyLength(i), data,
                            sorted.valueOffset(i), sorted.valueLength(i));
                }
            }

            @Override
            public void writeMerged(Merger merged, RunWriter out) throws IOException {
                merged.copyTo(out, () -> { });
            }
        };
    }

    private final Partitions partitions;
    private final SortBuffer buffer;
    private final Combine combine;

    SortedPairs(Partitions partitions, long capacityBytes, Combine combine) {
        this.partitions = partitions;
        this.buffer = new SortBuffer(capacityBytes);
        this.combine = combine;
    }

    @Override
    public void add(String key, String value) {
        buffer.add(partitions.of(key), key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) {
        buffer.add(partitions.of(key, keyOff, keyLen), key, keyOff, keyLen, value, valOff, valLen);
    }

    @Override
    public void add(byte[] key, int keyOff, int keyLen, long value) {
        byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        add(key, keyOff, keyLen, text, 0, text.length);
    }

    @Override
    public boolean isFull() {
        return buffer.isFull();
    }

    @Override
    public boolean isEmpty() {
        return buffer.size() == 0;
    }

    @Override
    public void spill(Sections out) throws IOException {
        buffer.sort();
        combine.write(buffer, out);
        buffer.clear();
    }

    @Override
    public void writeMerged(Merger merged, RunWriter out) throws IOException {
        combine.writeMerged(merged, out);
    }

    @Override
    public void discard() {
        combine.discard();
        buffer.clear();
    }

    @Override
    public void countInto(Counters counters) {
        combine.countInto(counters);
    }
}
