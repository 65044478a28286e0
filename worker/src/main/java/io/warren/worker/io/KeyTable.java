package io.warren.worker.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The distinct keys of a map task's buffer, as UTF-8 bytes packed in one array and found by hash (open addressing,
 * linear probing): the index of map-side aggregation. A key gets a dense id in arrival order, so callers keep what
 * they aggregate per key in arrays indexed by it. No object per key, so what it holds is what it costs. A slot holds
 * the key's hash and id beside the key itself packed into a long, so a probe reads one array, and finds a key of up
 * to seven bytes (most words) without reading the arena.
 */
public final class KeyTable {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private long[] slots; // pairs of longs: the key packed (see pack), then hash << 32 | (id + 1); 0 is empty
    private int mask; // over slot numbers
    private long[] places = new long[1024]; // offset << 32 | length
    private byte[] arena = new byte[1 << 16];
    private int used;
    private int size;
    private boolean added;

    public KeyTable() {
        slots = new long[2 << 12];
        mask = (slots.length >> 1) - 1;
    }

    /** The id of this key, adding it if new ({@link #added()} then says so). */
    public int intern(byte[] key, int off, int len) {
        long packed = pack(key, off, len);
        int h = len <= 7 ? mix(packed) : hash(key, off, len);
        int i = h & mask;
        while (true) {
            long s = slots[2 * i + 1];
            if (s == 0) break;
            if ((int) (s >>> 32) == h && slots[2 * i] == packed) {
                int id = (int) s - 1;
                // A key of up to seven bytes is all in its packed form; a longer one is compared in the arena.
                if (len <= 7 || same(offset(id), key, off, len)) {
                    added = false;
                    return id;
                }
            }
            i = (i + 1) & mask;
        }
        int id = size++;
        if (id == places.length) places = Arrays.copyOf(places, id * 2);
        if (used + len > arena.length) arena = Arrays.copyOf(arena, Math.max(used + len, arena.length * 2));
        System.arraycopy(key, off, arena, used, len);
        places[id] = (long) used << 32 | len;
        used += len;
        slots[2 * i] = packed;
        slots[2 * i + 1] = (long) h << 32 | (id + 1);
        if (size * 2 > mask + 1) grow();
        added = true;
        return id;
    }

    /**
     * A key's first seven bytes and, in the low byte, its length if it has at most seven (255 if more): for most
     * words the whole key, so a probe that matches it needs no look at the arena.
     */
    private static long pack(byte[] key, int off, int len) {
        int n = Math.min(len, 7);
        long p = 0;
        if (n > 0 && off + 8 <= key.length) {
            p = (long) LONGS.get(key, off) & (-1L >>> (64 - 8 * n)); // one read, the bytes past the key masked off
        } else {
            for (int i = n - 1; i >= 0; i--) p = p << 8 | (key[off + i] & 0xff);
        }
        return p << 8 | (len > 7 ? 0xff : len);
    }

    private static int mix(long packed) {
        long h = packed * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    /** A loop for short keys, where the intrinsic's set-up costs more than it saves. */
    private boolean same(int at, byte[] key, int off, int len) {
        if (len > 16) return Arrays.equals(arena, at, at + len, key, off, off + len);
        for (int i = 0; i < len; i++) {
            if (arena[at + i] != key[off + i]) return false;
        }
        return true;
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
        return (int) (places[id] >>> 32);
    }

    public int length(int id) {
        return (int) places[id];
    }

    /**
     * What the keys take in memory, in bytes: their bytes, their place and two slots of two longs each (the table is at most half
     * full). Counted from the keys rather than from the arrays, which grow in steps, so a small buffer still holds
     * as many keys as fit.
     */
    public long footprint() {
        return used + 40L * size;
    }

    /** Puts the ids in order of {@code partitionOf[id]}, then key bytes, into {@code order} (see {@link PrefixSort}). */
    public void sort(int[] order, int[] partitionOf, int maxPartition) {
        PrefixSort.sort(order, size, maxPartition, new PrefixSort.Records() {
            @Override
            public byte[] data() {
                return arena;
            }

            @Override
            public int partition(int id) {
                return partitionOf[id];
            }

            @Override
            public int keyOffset(int id) {
                return offset(id);
            }

            @Override
            public int keyLength(int id) {
                return length(id);
            }
        });
    }

    public void clear() {
        Arrays.fill(slots, 0);
        size = 0;
        used = 0;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        mask = (slots.length >> 1) - 1;
        for (int j = 0; j < old.length; j += 2) {
            long s = old[j + 1];
            if (s == 0) continue;
            int i = (int) (s >>> 32) & mask;
            while (slots[2 * i + 1] != 0) i = (i + 1) & mask;
            slots[2 * i] = old[j];
            slots[2 * i + 1] = s;
        }
    }

    /**
     * A multiply-xorshift hash over the key eight bytes at a time (most keys are one or two reads), high bits folded
     * down since slots are picked by the low ones.
     */
    static int hash(byte[] b, int off, int len) {
        long h = len * 0x9E3779B97F4A7C15L;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) h = (h ^ (long) LONGS.get(b, i)) * 0xC2B2AE3D27D4EB4FL;
        if (i < end) {
            long tail = 0;
            for (int shift = 0; i < end; i++, shift += 8) tail |= (b[i] & 0xffL) << shift;
            h = (h ^ tail) * 0xC2B2AE3D27D4EB4FL;
        }
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }
}
