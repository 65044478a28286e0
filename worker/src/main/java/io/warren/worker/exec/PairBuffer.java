package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Reducer;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;

/**
 * Where a map task's pairs wait before a spill, each filed under its partition. A spill calls {@link #sort()}, then
 * {@link #writeSection} for partitions 0 to R-1 in order, then {@link #clear()}. {@link SortingPairBuffer} keeps every
 * pair (jobs without a combiner); {@link CombiningPairBuffer} keeps each key once and combines its values.
 */
interface PairBuffer {
    /** The buffer for a job: combining if it has a combiner ({@code combiner} may be null), sorting otherwise. */
    static PairBuffer forJob(Partitions partitions, Reducer combiner, long capacityBytes) {
        return combiner == null ? new SortingPairBuffer(partitions, capacityBytes)
                : new CombiningPairBuffer(partitions, new CountingCombiner(combiner), capacityBytes);
    }

    /** Adds a pair; false if it did not fit: the caller spills and adds it again (an empty buffer takes any pair). */
    boolean add(String key, String value) throws IOException;

    /** Adds a pair given as UTF-8 slices; see {@link #add(String, String)}. */
    boolean add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException;

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
