package io.warren.worker.io;

import java.util.Arrays;

/**
 * The map side's bounded buffer: key/value bytes packed into one array, four ints of metadata per record (partition,
 * offset, key length, value length), and a stable sort of record indices by partition, then key bytes. Packing avoids
 * an object per pair, so the buffer's size is what it costs in memory.
 */
public final class SortBuffer {
    private static final int META = 4;
    /** Memory per record besides its bytes: metadata, and what the sort takes. */
    private static final int PER_RECORD = META * 4 + PrefixSort.BYTES_PER_RECORD;
    private static final long MAX_CAPACITY = 1L << 30;
    private final long capacity;
    private byte[] data = new byte[1 << 16];
    private int[] meta = new int[1 << 12];
    private int used;
    private int count;
    private int maxPartition;
    private int[] order = new int[0];

    /** A capacity of up to 1 GiB, so that the one record a full buffer still takes fits in an array. */
    public SortBuffer(long capacityBytes) {
        if (capacityBytes < 1024) throw new IllegalArgumentException("sort buffer must be at least 1 KiB, got " + capacityBytes);
        this.capacity = Math.min(capacityBytes, MAX_CAPACITY);
    }

    /** Adds a record; {@link #isFull()} then says whether the buffer should be spilled before the next one. */
    public void add(int partition, byte[] key, byte[] value) {
        add(partition, key, 0, key.length, value, 0, value.length);
    }

    /** Adds a record given as slices of arrays; see {@link #add(int, byte[], byte[])}. */
    public void add(int partition, byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) {
        int size = keyLen + valLen;
        long needed = (long) used + size;
        if (needed > Integer.MAX_VALUE - 16) throw new IllegalStateException("a record of " + size + " bytes does not fit in the sort buffer");
        if (needed > data.length) data = Arrays.copyOf(data, (int) Math.max(needed, Math.min(capacity, (long) data.length * 2)));
        if ((count + 1) * META > meta.length) meta = Arrays.copyOf(meta, meta.length * 2);
        System.arraycopy(key, keyOff, data, used, keyLen);
        System.arraycopy(value, valOff, data, used + keyLen, valLen);
        int m = count * META;
        meta[m] = partition;
        if (partition > maxPartition) maxPartition = partition;
        meta[m + 1] = used;
        meta[m + 2] = keyLen;
        meta[m + 3] = valLen;
        used += size;
        count++;
    }

    /** Whether the records and what sorting them takes have reached the capacity. */
    public boolean isFull() {
        return used + (long) count * PER_RECORD >= capacity;
    }

    public int size() {
        return count;
    }

    /** Sorts by partition, then key bytes; equal keys keep arrival order (see {@link PrefixSort}). */
    public void sort() {
        if (order.length < count) order = new int[Math.max(count, order.length * 2)];
        PrefixSort.sort(order, count, maxPartition, new PrefixSort.Records() {
            @Override
            public byte[] data() {
                return data;
            }

            @Override
            public int partition(int record) {
                return meta[record * META];
            }

            @Override
            public int keyOffset(int record) {
                return meta[record * META + 1];
            }

            @Override
            public int keyLength(int record) {
                return meta[record * META + 2];
            }
        });
    }

    /** The i-th record in sorted order (after {@link #sort()}). */
    public int partition(int i) {
        return meta[order[i] * META];
    }

    public byte[] data() {
        return data;
    }

    public int keyOffset(int i) {
        return meta[order[i] * META + 1];
    }

    public int keyLength(int i) {
        return meta[order[i] * META + 2];
    }

    public int valueOffset(int i) {
        return keyOffset(i) + keyLength(i);
    }

    public int valueLength(int i) {
        return meta[order[i] * META + 3];
    }

    public void clear() {
        used = 0;
        count = 0;
        maxPartition = 0;
    }
}
