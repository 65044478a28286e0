package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.LongSum;
import io.warren.api.Reducer;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunWriter;

import java.io.IOException;

/**
 * Where a map task's pairs wait before a spill, and the combine step that decides what of them is written. Two kinds
 * of storage: {@link SortedPairs} keeps every pair in a sort buffer, for a combine step that runs over sorted pairs
 * (none, or a streaming combiner's process); {@link KeyedPairs} keeps each key once in a key table, for a combine step
 * that aggregates as pairs arrive (a Java combiner, or {@link LongSum}'s running sums). A buffer always takes the pair;
 * {@link #isFull()} then says whether to spill before the next one.
 */
interface MapBuffer {
    /** The buffer for a Java job's combine step: none, the job's combiner, or Warren's own sum for {@link LongSum}. */
    static MapBuffer forJob(Partitions partitions, Reducer combiner, long capacityBytes) {
        if (combiner == null) return new SortedPairs(partitions, capacityBytes, SortedPairs.Combine.NONE);
        KeyedPairs.Combine combine = combiner instanceof LongSum ? new LongSumCombine() : new ReducerCombine(combiner);
        return new KeyedPairs(partitions, capacityBytes, combine);
    }

    void add(String key, String value) throws IOException;

    /** Adds a pair given as UTF-8 slices. */
    void add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException;

    /** Adds a pair whose value is a whole number; a combine step that cannot add numbers up takes its decimal text. */
    void add(byte[] key, int keyOff, int keyLen, long value) throws IOException;

    boolean isFull();

    boolean isEmpty();

    /** Writes the pairs sorted by partition, then key bytes (combined, if there is a combine step), and empties the buffer. */
    void spill(Sections out) throws IOException;

    /** Writes a merge of this buffer's spilled sections as {@link #spill} writes its own: copied or combined once more. */
    void writeMerged(Merger merged, RunWriter out) throws IOException;

    /** Drops every pair, and ends any process the combine step runs; for a task that failed. */
    void discard();

    /** Adds what the combine step counted (records in and out) to the task's counters. */
    void countInto(Counters counters);
}
