package io.warren.worker.io;

import java.util.Arrays;

/**
 * Sorts the records of a map-side buffer by partition, then key bytes (unsigned, that is Unicode code point order),
 * keeping arrival order for equal keys. A stable radix sort on an eight-byte prefix of each key, held in an array
 * beside the indices (four passes of 16 bits, then one by partition), never touches the records themselves; only keys
 * that share their first seven bytes and are longer than that are then compared in full, with a merge sort over each
 * such run. Its scratch arrays take {@link #BYTES_PER_RECORD} bytes per record while it runs.
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

    /** Sorts records {@code 0..n-1}, whose partitions are at most {@code maxPartition}, into {@code order}. */
    public static void sort(int[] order, int n, int maxPartition, Records records) {
        if (n <= SMALL) {
            sortSmall(order, n, records);
            return;
        }
        long[] keys = new long[n];
        int[] idx = order;
        byte[] data = records.data();
        for (int i = 0; i < n; i++) {
            keys[i] = prefix(data, records.keyOffset(i), records.keyLength(i));
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
        for (int i = 0; i < n; i++) starts[records.partition(idx[i]) + 1]++;
        for (int p = 0; p <= maxPartition; p++) starts[p + 1] += starts[p];
        for (int i = 0; i < n; i++) {
            int at = starts[records.partition(idx[i])]++;
            keys2[at] = keys[i];
            idx2[at] = idx[i];
        }
        if (idx2 != order) System.arraycopy(idx2, 0, order, 0, n);
        int[] freeIdx = idx2 != order ? idx2 : idx; // the arrays the passes are done with serve the merge sort
        keys = keys2;
        for (int i = 0; i < n; ) { // runs of long keys that share seven bytes: compare them in full
            int j = i + 1;
            while (j < n && keys[j] == keys[i]) j++;
            if (j - i > 1 && (keys[i] & 0xff) == 0xff) new Ties(order, keys, freeIdx, records, false).sort(i, j);
            i = j;
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
