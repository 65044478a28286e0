package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.LongSum;
import io.warren.api.Reducer;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a map task's pairs wait before a spill, each filed under its partition. A spill calls {@link #sort()}, then
 * {@link #writeSection} for partitions 0 to R-1 in order, then {@link #clear()}. {@link SortingPairBuffer} keeps every
 * pair (jobs without a combiner); {@link CombiningPairBuffer} keeps each key once and combines its values.
 */
interface PairBuffer {
    /**
     * The buffer for a job: combining if it has a combiner ({@code combiner} may be null), sorting otherwise; a
     * {@link LongSum} combiner adds numbers up as numbers.
     */
    static PairBuffer forJob(Partitions partitions, Reducer combiner, long capacityBytes) {
        if (combiner == null) return new SortingPairBuffer(partitions, capacityBytes);
        if (combiner instanceof LongSum) return new LongSumPairBuffer(partitions, capacityBytes);
        return new CombiningPairBuffer(partitions, new CountingCombiner(combiner), capacityBytes);
    }

    /** Adds a pair; false if it did not fit: the caller spills and adds it again (an empty buffer takes any pair). */
    boolean add(String key, String value) throws IOException;

    /** Adds a pair given as UTF-8 slices; see {@link #add(String, String)}. */
    boolean add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException;

    /**
     * Adds a pair whose value is a whole number; see {@link #add(String, String)}. Buffers that cannot add numbers
     * up take it as its decimal text, which is what the pair means.
     */
    default boolean add(byte[] key, int keyOff, int keyLen, long value) throws IOException {
        byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        return add(key, keyOff, keyLen, text, 0, text.length);
    }

    /** Whether to spill now, before the next pair: for buffers that take every pair and then run over. */
    boolean isFull();

    /** Orders the pairs by partition, then key bytes; pairs with equal keys keep their arrival order. */
    void sort();

    /** Writes partition r's pairs in sorted order; after {@link #sort()}, for each partition in turn. */
    void writeSection(int partition, RunWriter out) throws IOException;

    /** Writes a merge of this buffer's spilled sections as {@link #writeSection} writes its own: copied or combined. */
    void writeMerged(Merger merged, RunWriter out) throws IOException;

    int size();

    default boolean isEmpty() {
        return size() == 0;
    }

    void clear();

    /** Adds what the buffer counted (a combiner's records in and out) to the task's counters. */
    default void countInto(Counters counters) {
    }
}
