package io.warren.worker.io;

import java.util.Arrays;

/**
 * The distinct keys of a map task's buffer, as UTF-8 bytes packed in one array and found by hash (open addressing,
 * linear probing): the index of map-side aggregation. A key gets a dense id in arrival order, so callers keep what
 * they aggregate per key in arrays indexed by it. No object per key, so what it holds is what it costs.
 */
public final class KeyTable {
    private int[] slots; // id + 1, or 0 for empty
    private int mask;
    private int[] hashes = new int[1024];
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];
    private byte[] arena = new byte[1 << 16];
    private int used;
    private int size;
    private boolean added;

    public KeyTable() {
        slots = new int[1 << 12];
        mask = slots.length - 1;
    }

    /** The id of this key, adding it if new ({@link #added()} then says so). */
    public int intern(byte[] key, int off, int len) {
        int h = hash(key, off, len);
        int i = h & mask;
        while (true) {
            int s = slots[i];
            if (s == 0) break;
            int id = s - 1;
            if (hashes[id] == h && lengths[id] == len
                    && Arrays.equals(arena, offsets[id], offsets[id] + len, key, off, off + len)) {
                added = false;
                return id;
            }
            i = (i + 1) & mask;
        }
        int id = size++;
        if (id == hashes.length) {
            int n = id * 2;
            hashes = Arrays.copyOf(hashes, n);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
        }
        if (used + len > arena.length) arena = Arrays.copyOf(arena, Math.max(used + len, arena.length * 2));
        System.arraycopy(key, off, arena, used, len);
        hashes[id] = h;
        offsets[id] = used;
        lengths[id] = len;
        used += len;
        slots[i] = id + 1;
        if (size * 2 > slots.length) grow();
        added = true;
        return id;
    }

    /** Whether the last {@link #intern} added its key. */
    public boolean added() {
        return added;
    }

    public int size() {
        return size;
    }

    public byte[] arena() {
        return arena;
    }

    public int offset(int id) {
        return offsets[id];
    }

    public int length(int id) {
        return lengths[id];
    }

    /** What the table holds in memory, in bytes. */
    public long footprint() {
        return arena.length + 4L * slots.length + 12L * hashes.length;
    }

    /** Compares two keys by unsigned bytes, the order runs are sorted in. */
    public int compare(int a, int b) {
        return Arrays.compareUnsigned(arena, offsets[a], offsets[a] + lengths[a], arena, offsets[b], offsets[b] + lengths[b]);
    }

    public void clear() {
        Arrays.fill(slots, 0);
        size = 0;
        used = 0;
    }

    private void grow() {
        slots = new int[slots.length * 2];
        mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int i = hashes[id] & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = id + 1;
        }
    }

    /** FNV-1a, with the high bits folded down since slots are picked by the low ones. */
    private static int hash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off, end = off + len; i < end; i++) h = (h ^ b[i]) * 0x01000193;
        return h ^ (h >>> 15);
    }
}
