package io.warren.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Word counts keyed by UTF-8 bytes: open addressing with linear probing over a power-of-two slot array that holds
 * each entry's hash and index; the keys live one after another in a growing byte arena.
 */
final class ByteWordTable {
    private int[] slotHash = new int[1 << 14];
    private int[] slotEntry = new int[1 << 14]; // entry index + 1; 0 is an empty slot
    private int mask = slotHash.length - 1;
    private int size;
    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    private int[] offset = new int[1 << 13];
    private int[] length = new int[1 << 13];
    private int[] hash = new int[1 << 13];
    private long[] count = new long[1 << 13];

    int size() {
        return size;
    }

    void add(byte[] key, int from, int len, long n) {
        add(key, from, len, hash(key, from, len), n);
    }

    /** @param h {@link #hash} of the key, when the caller has it already */
    void add(byte[] key, int from, int len, int h, long n) {
        int slot = h & mask;
        while (true) {
            int e = slotEntry[slot];
            if (e == 0) break;
            e--;
            if (slotHash[slot] == h && length[e] == len
                    && Arrays.equals(arena, offset[e], offset[e] + len, key, from, from + len)) {
                count[e] += n;
                return;
            }
            slot = (slot + 1) & mask;
        }
        insert(slot, h, key, from, len, n);
    }

    private void insert(int slot, int h, byte[] key, int from, int len, long n) {
        if (size == offset.length) {
            int cap = size * 2;
            offset = Arrays.copyOf(offset, cap);
            length = Arrays.copyOf(length, cap);
            hash = Arrays.copyOf(hash, cap);
            count = Arrays.copyOf(count, cap);
        }
        if (arenaUsed + len > arena.length) arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        System.arraycopy(key, from, arena, arenaUsed, len);
        int e = size++;
        offset[e] = arenaUsed;
        length[e] = len;
        hash[e] = h;
        count[e] = n;
        arenaUsed += len;
        slotHash[slot] = h;
        slotEntry[slot] = e + 1;
        if (size * 2 > slotHash.length) rehash();
    }

    private void rehash() {
        int cap = slotHash.length * 2;
        slotHash = new int[cap];
        slotEntry = new int[cap];
        mask = cap - 1;
        for (int e = 0; e < size; e++) {
            int slot = hash[e] & mask;
            while (slotEntry[slot] != 0) slot = (slot + 1) & mask;
            slotHash[slot] = hash[e];
            slotEntry[slot] = e + 1;
        }
    }

    /** Adds every count of {@code other} to this table. */
    void addAll(ByteWordTable other) {
        for (int e = 0; e < other.size; e++) add(other.arena, other.offset[e], other.length[e], other.count[e]);
    }

    /** The count of a word, 0 if absent. */
    long get(byte[] key) {
        int h = hash(key, 0, key.length);
        for (int slot = h & mask; slotEntry[slot] != 0; slot = (slot + 1) & mask) {
            int e = slotEntry[slot] - 1;
            if (slotHash[slot] == h && Arrays.equals(arena, offset[e], offset[e] + length[e], key, 0, key.length)) return count[e];
        }
        return 0;
    }

    /** Writes {@code word count} lines, words in unsigned byte order (which is code point order). */
    void writeSorted(OutputStream out) throws IOException {
        int[] order = new int[size];
        for (int e = 0; e < size; e++) order[e] = e;
        sort(order, new int[size], 0, size);
        byte[] digits = new byte[20];
        for (int e : order) {
            out.write(arena, offset[e], length[e]);
            out.write(' ');
            long v = count[e];
            int p = digits.length;
            do {
                digits[--p] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v != 0);
            out.write(digits, p, digits.length - p);
            out.write('\n');
        }
    }

    /** Merge sort of entry indices by key bytes, with no boxing. */
    private void sort(int[] a, int[] tmp, int from, int to) {
        if (to - from < 16) {
            for (int i = from + 1; i < to; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], x) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(a, tmp, from, mid);
        sort(a, tmp, mid, to);
        if (compare(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) a[k++] = compare(tmp[i], tmp[j]) <= 0 ? tmp[i++] : tmp[j++];
        while (i < mid) a[k++] = tmp[i++];
        while (j < to) a[k++] = tmp[j++];
    }

    private int compare(int x, int y) {
        return Arrays.compareUnsigned(arena, offset[x], offset[x] + length[x], arena, offset[y], offset[y] + length[y]);
    }

    static final int FNV_BASIS = 0x811C9DC5;
    static final int FNV_PRIME = 0x01000193;

    /** FNV-1a over the key's bytes, then mixed so that the low bits, which pick the slot, depend on all of them. */
    static int hash(byte[] key, int from, int len) {
        int h = FNV_BASIS;
        for (int i = from, end = from + len; i < end; i++) h = (h ^ (key[i] & 0xff)) * FNV_PRIME;
        return finish(h);
    }

    static int finish(int h) {
        return h ^ (h >>> 15);
    }
}
