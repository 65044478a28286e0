package io.warren.worker.exec;

import io.warren.worker.io.KeyTable;

import java.util.Arrays;

/**
 * The distinct keys of a combining buffer: their ids from a {@link KeyTable}, each key's partition (asked of the
 * partitioner once per key, not per pair), and, once sorted, their order for writing sections: partition, then key
 * bytes. The combine steps keep what they aggregate per key in arrays indexed by the id.
 */
final class DistinctKeys {
    /** Memory per key besides the table's own: its partition and its place in the sorted order. */
    static final int PER_KEY = 4 + 4;
    private final Partitions partitions;
    private final KeyTable table = new KeyTable();
    private int[] partitionOf = new int[1024];
    private int[] sorted = new int[0];
    private int cursor;

    DistinctKeys(Partitions partitions) {
        this.partitions = partitions;
    }

    /** The key's id; {@link #added()} says whether it is new. */
    int intern(byte[] key, int off, int len) {
        int id = table.intern(key, off, len);
        if (table.added()) {
            if (id == partitionOf.length) partitionOf = Arrays.copyOf(partitionOf, id * 2);
            partitionOf[id] = partitions.of(key, off, len);
        }
        return id;
    }

    boolean added() {
        return table.added();
    }

    /** How many partitions there are. */
    int partitions() {
        return partitions.count();
    }

    int size() {
        return table.size();
    }

    /** What the keys take in memory, in bytes. */
    long footprint() {
        return table.footprint() + (long) PER_KEY * table.size();
    }

    byte[] arena() {
        return table.arena();
    }

    int offset(int id) {
        return table.offset(id);
    }

    int length(int id) {
        return table.length(id);
    }

    /** Orders the keys by partition, then UTF-8 bytes, for {@link #next}. */
    void sort() {
        int n = table.size();
        if (sorted.length < n) sorted = new int[Math.max(n, sorted.length * 2)];
        table.sort(sorted, partitionOf, partitions.count() - 1);
        cursor = 0;
    }

    /** The next key of {@code partition} in sorted order, or -1 once they are all taken; partitions in turn. */
    int next(int partition) {
        if (cursor == table.size() || partitionOf[sorted[cursor]] != partition) return -1;
        return sorted[cursor++];
    }

    void clear() {
        table.clear();
        cursor = 0;
    }
}
