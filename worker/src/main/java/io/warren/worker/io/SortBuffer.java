package io.warren.worker.io;

import java.util.Arrays;

/**
 * The map side's bounded buffer: key/value bytes packed into one array, four ints of metadata per record (partition,
 * offset, key length, value length), and a stable sort of record indices by partition, then key bytes. Packing avoids
 * an object per pair, so the buffer's size is what it costs in memory.
 */
public final class SortBuffer {
    private static final int META = 4;
    /** Memory per record besides its bytes: metadata, and the sort's index, prefix and their scratch copies. */
    private static final int PER_RECORD = META * 4 + 4 + 8 + 4 + 8;
    private final long capacity;
    private byte[] data = new byte[1 << 16];
    private int[] meta = new int[1 << 12];
    private int used;
    private int count;
    private int maxPartition;
    private int[] order = new int[0];

    public SortBuffer(long capacityBytes) {
        if (capacityBytes < 1024) throw new IllegalArgumentException("sort buffer must be at least 1 KiB, got " + capacityBytes);
        this.capacity = Math.min(capacityBytes, Integer.MAX_VALUE - 16);
    }

    /** Adds a record, or returns false if it does not fit; an empty buffer takes any record that an array can hold. */
    public boolean add(int partition, byte[] key, byte[] value) {
        return add(partition, key, 0, key.length, value, 0, value.length);
    }

    /** Adds a record given as slices of arrays; see {@link #add(int, byte[], byte[])}. */
    public boolean add(int partition, byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) {
        int size = keyLen + valLen;
        long needed = (long) used + size;
        long footprint = needed + (long) (count + 1) * PER_RECORD;
        if (count > 0 && footprint > capacity) return false;
        if (needed > data.length) data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, Math.min(capacity, (long) data.length * 2))));
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
        return true;
    }

    public int size() {
        return count;
    }

    /**
     * Sorts by partition, then key bytes (unsigned, that is Unicode code point order); equal keys keep arrival order.
     * A stable radix sort on an eight-byte prefix of each key, held in an array beside the indices (four passes of
     * 16 bits, then one by partition), never touches the records themselves: only keys that share their first seven
     * bytes and are longer than that are then compared in full, with a merge sort over each such run.
     */
    public void sort() {
        int n = count;
        if (order.length < n) order = new int[Math.max(n, order.length * 2)];
        long[] keys = new long[n];
        int[] idx = order;
        for (int i = 0; i < n; i++) {
            keys[i] = prefix(i);
            idx[i] = i;
        }
        long[] keys2 = new long[n];
        int[] idx2 = new int[n];
        int[] counts = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) counts[(int) (keys[i] >>> shift) & 0xffff]++;
            if (n == 0 || counts[(int) (keys[0] >>> shift) & 0xffff] == n) continue; // one digit for all: nothing to do
            for (int d = 0, sum = 0; d < counts.length; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int at = counts[(int) (keys[i] >>> shift) & 0xffff]++;
                keys2[at] = keys[i];
                idx2[at] = idx[i];
            }
            long[] k = keys;
            keys = keys2;
            keys2 = k;
            int[] x = idx;
            idx = idx2;
            idx2 = x;
        }
        int[] starts = new int[maxPartition + 2];
        for (int i = 0; i < n; i++) starts[meta[idx[i] * META] + 1]++;
        for (int p = 0; p <= maxPartition; p++) starts[p + 1] += starts[p];
        int[] next = Arrays.copyOf(starts, starts.length);
        for (int i = 0; i < n; i++) {
            int at = next[meta[idx[i] * META]]++;
            keys2[at] = keys[i];
            idx2[at] = idx[i];
        }
        if (idx2 != order) System.arraycopy(idx2, 0, order, 0, n);
        int[] freeIdx = idx2 != order ? idx2 : idx; // the arrays the passes are done with serve the merge sort
        long[] freeKeys = keys;
        keys = keys2;
        for (int i = 0; i < n; ) { // runs of long keys that share seven bytes: compare them in full
            int j = i + 1;
            while (j < n && keys[j] == keys[i]) j++;
            if (j - i > 1 && (keys[i] & 0xff) == 0xff) mergeSort(keys, freeIdx, freeKeys, i, j);
            i = j;
        }
    }

    /**
     * A key's first seven bytes, big-endian, and in the low byte its length if it has at most seven (255 if more):
     * unsigned order of prefixes is key order, and equal prefixes mean equal keys unless both are longer than seven.
     */
    private long prefix(int record) {
        int off = meta[record * META + 1];
        int len = meta[record * META + 2];
        int n = Math.min(len, 7);
        long p = 0;
        for (int i = 0; i < n; i++) p = p << 8 | (data[off + i] & 0xff);
        return p << (8 * (8 - n)) | (len > 7 ? 0xff : len);
    }

    private void mergeSort(long[] keys, int[] tmpOrder, long[] tmpKeys, int from, int to) {
        int[] a = order;
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                long kv = keys[i];
                int j = i - 1;
                while (j >= from && compare(keys[j], a[j], kv, v) > 0) {
                    a[j + 1] = a[j];
                    keys[j + 1] = keys[j];
                    j--;
                }
                a[j + 1] = v;
                keys[j + 1] = kv;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(keys, tmpOrder, tmpKeys, from, mid);
        mergeSort(keys, tmpOrder, tmpKeys, mid, to);
        if (compare(keys[mid - 1], a[mid - 1], keys[mid], a[mid]) <= 0) return;
        System.arraycopy(a, from, tmpOrder, from, to - from);
        System.arraycopy(keys, from, tmpKeys, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compare(tmpKeys[i], tmpOrder[i], tmpKeys[j], tmpOrder[j]) <= 0)) {
                a[k] = tmpOrder[i];
                keys[k] = tmpKeys[i++];
            } else {
                a[k] = tmpOrder[j];
                keys[k] = tmpKeys[j++];
            }
        }
    }

    /** Orders two records of one partition: by their prefixes, then (only if both keys are long) by their keys. */
    private int compare(long prefixX, int x, long prefixY, int y) {
        int c = Long.compareUnsigned(prefixX, prefixY);
        if (c != 0 || (prefixX & 0xff) != 0xff) return c;
        int ox = meta[x * META + 1];
        int oy = meta[y * META + 1];
        return Arrays.compareUnsigned(data, ox, ox + meta[x * META + 2], data, oy, oy + meta[y * META + 2]);
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
