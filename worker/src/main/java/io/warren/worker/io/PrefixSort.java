package io.warren.worker.io;

import java.util.Arrays;

/**
 * Sorts the records of a map-side buffer by partition, then key bytes (unsigned, that is Unicode code point order),
 * keeping arrival order for equal keys. The records are bucketed by partition, then each partition sorted by a stable
 * radix sort on an eight-byte prefix of each key, held in an array beside the indices (four passes of 16 bits), which
 * never touches the records themselves; only keys of a partition that share their first seven bytes and are longer
 * than that are then compared in full, with a merge sort over each such run. Its scratch arrays take {@link #BYTES_PER_RECORD} bytes per record while it runs.
 */
public final class PrefixSort {
    /** The index, its prefix and a scratch copy of each. */
    public static final int BYTES_PER_RECORD = 4 + 8 + 4 + 8;

    /** Where the records' keys are: record {@code i}'s key is {@code data()[keyOffset(i), keyOffset(i) + keyLength(i))}. */
    public interface Records {
        byte[] data();

        int partition(int record);

        int keyOffset(int record);

        int keyLength(int record);
    }

    /**
     * Below this many records a merge sort beats the radix passes, whose 64K-entry digit table costs the same to clear
     * whatever the number of records: a tiny task's handful of pairs must not pay for it four times.
     */
    static final int SMALL = 512;

    /**
     * Sorts records {@code 0..n-1}, whose partitions are at most {@code maxPartition}, into {@code order}. The records
     * are first bucketed by partition in arrival order, so every read of a record's metadata and key bytes is
     * sequential (a last pass by partition over sorted indices read them at random, a cache miss per record); each
     * partition's range is then sorted on its own.
     */
    public static void sort(int[] order, int n, int maxPartition, Records records) {
        if (n <= SMALL) {
            sortSmall(order, n, records);
            return;
        }
        byte[] data = records.data();
        long[] keys = new long[n];
        long[] keys2 = new long[n];
        int[] idx2 = new int[n];
        int[] starts = new int[maxPartition + 2];
        for (int i = 0; i < n; i++) {
            int p = records.partition(i);
            idx2[i] = p; // the scratch index array holds the partitions until they are bucketed
            starts[p + 1]++;
        }
        for (int p = 0; p <= maxPartition; p++) starts[p + 1] += starts[p];
        int[] next = Arrays.copyOf(starts, maxPartition + 1);
        for (int i = 0; i < n; i++) {
            int at = next[idx2[i]]++;
            order[at] = i;
            keys[at] = prefix(data, records.keyOffset(i), records.keyLength(i));
        }
        int[] counts = null;
        for (int p = 0; p <= maxPartition; p++) {
            int from = starts[p];
            int to = starts[p + 1];
            if (to - from <= SMALL) {
                mergeByPrefix(order, keys, idx2, keys2, from, to);
            } else {
                if (counts == null) counts = new int[1 << 16];
                radix(order, keys, idx2, keys2, from, to, counts);
            }
            for (int i = from; i < to; ) { // runs of long keys that share seven bytes: compare them in full
                int j = i + 1;
                while (j < to && keys[j] == keys[i]) j++;
                if (j - i > 1 && (keys[i] & 0xff) == 0xff) new Ties(order, keys, idx2, records, false).sort(i, j);
                i = j;
            }
        }
    }

    /** A stable LSD radix sort of {@code [from, to)} by prefix, four passes of 16 bits; the result is left in place. */
    private static void radix(int[] idx, long[] keys, int[] idx2, long[] keys2, int from, int to, int[] counts) {
        int[] ia = idx;
        int[] ib = idx2;
        long[] ka = keys;
        long[] kb = keys2;
        for (int shift = 0; shift < 64; shift += 16) {
            Arrays.fill(counts, 0);
            for (int i = from; i < to; i++) counts[(int) (ka[i] >>> shift) & 0xffff]++;
            if (counts[(int) (ka[from] >>> shift) & 0xffff] == to - from) continue; // one digit for all: nothing to do
            for (int d = 0, sum = from; d < counts.length; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            for (int i = from; i < to; i++) {
                int at = counts[(int) (ka[i] >>> shift) & 0xffff]++;
                kb[at] = ka[i];
                ib[at] = ia[i];
            }
            long[] k = ka;
            ka = kb;
            kb = k;
            int[] x = ia;
            ia = ib;
            ib = x;
        }
        if (ka != keys) {
            System.arraycopy(ka, from, keys, from, to - from);
            System.arraycopy(ia, from, idx, from, to - from);
        }
    }

    /** A stable merge sort of {@code [from, to)} by prefix, for a range too small to pay for the radix passes. */
    private static void mergeByPrefix(int[] idx, long[] keys, int[] tmpIdx, long[] tmpKeys, int from, int to) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                long k = keys[i];
                int v = idx[i];
                int j = i - 1;
                while (j >= from && Long.compareUnsigned(keys[j], k) > 0) {
                    keys[j + 1] = keys[j];
                    idx[j + 1] = idx[j];
                    j--;
                }
                keys[j + 1] = k;
                idx[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeByPrefix(idx, keys, tmpIdx, tmpKeys, from, mid);
        mergeByPrefix(idx, keys, tmpIdx, tmpKeys, mid, to);
        if (Long.compareUnsigned(keys[mid - 1], keys[mid]) <= 0) return;
        System.arraycopy(keys, from, tmpKeys, from, to - from);
        System.arraycopy(idx, from, tmpIdx, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && Long.compareUnsigned(tmpKeys[i], tmpKeys[j]) <= 0)) {
                keys[k] = tmpKeys[i];
                idx[k] = tmpIdx[i++];
            } else {
                keys[k] = tmpKeys[j];
                idx[k] = tmpIdx[j++];
            }
        }
    }

    /** A stable merge sort by partition, prefix and, where prefixes tie, the whole key. */
    private static void sortSmall(int[] order, int n, Records records) {
        byte[] data = records.data();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = prefix(data, records.keyOffset(i), records.keyLength(i));
            order[i] = i;
        }
        new Ties(order, keys, new int[n], records, true).sort(0, n);
    }

    /**
     * A key's first seven bytes, big-endian, and in the low byte its length if it has at most seven (255 if more):
     * unsigned order of prefixes is key order, and equal prefixes mean equal keys unless both are longer than seven.
     */
    static long prefix(byte[] data, int off, int len) {
        int n = Math.min(len, 7);
        long p = 0;
        for (int i = 0; i < n; i++) p = p << 8 | (data[off + i] & 0xff);
        return p << (8 * (8 - n)) | (len > 7 ? 0xff : len);
    }

    /**
     * A stable merge sort of a run of records whose prefixes tie, by their whole keys; or, {@code byRecord}, of any
     * records by partition, then {@code keys} (the prefixes, indexed by record), then whole keys.
     */
    private record Ties(int[] order, long[] keys, int[] tmpOrder, Records records, boolean byRecord) {
        void sort(int from, int to) {
            if (to - from <= 16) {
                for (int i = from + 1; i < to; i++) {
                    int v = order[i];
                    int j = i - 1;
                    while (j >= from && compare(order[j], v) > 0) {
                        order[j + 1] = order[j];
                        j--;
                    }
                    order[j + 1] = v;
                }
                return;
            }
            int mid = (from + to) >>> 1;
            sort(from, mid);
            sort(mid, to);
            if (compare(order[mid - 1], order[mid]) <= 0) return;
            System.arraycopy(order, from, tmpOrder, from, to - from);
            int i = from;
            int j = mid;
            for (int k = from; k < to; k++) {
                if (j >= to || (i < mid && compare(tmpOrder[i], tmpOrder[j]) <= 0)) order[k] = tmpOrder[i++];
                else order[k] = tmpOrder[j++];
            }
        }

        private int compare(int x, int y) {
            if (byRecord) {
                int c = Integer.compare(records.partition(x), records.partition(y));
                if (c != 0) return c;
                c = Long.compareUnsigned(keys[x], keys[y]);
                if (c != 0 || (keys[x] & 0xff) != 0xff) return c;
            }
            byte[] d = records.data();
            int ox = records.keyOffset(x);
            int oy = records.keyOffset(y);
            return Arrays.compareUnsigned(d, ox, ox + records.keyLength(x), d, oy, oy + records.keyLength(y));
        }
    }

    private PrefixSort() {
    }
}
