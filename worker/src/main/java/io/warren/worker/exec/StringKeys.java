package io.warren.worker.exec;

import java.util.Arrays;

/**
 * The String form of a combining buffer's keys, by key id, and an index from a String key to its id: a mapper that
 * emits a String finds its key by {@link String#hashCode()} and {@link String#equals}, so the key is encoded to
 * UTF-8 only the first time it arrives (to get its id from the {@link io.warren.worker.io.KeyTable}), not per pair.
 * Open addressing with linear probing; a slot holds the hash beside the id, so a probe reads one array until a hash
 * matches.
 */
final class StringKeys {
    /** A slot (the table is at most half full, so two per key) and the reference to the String. */
    private static final int PER_INDEXED = 2 * 8 + 8;
    private long[] slots = new long[1 << 12]; // hash << 32 | (id + 1); 0 is empty
    private int shift = Integer.SIZE - 12;
    private String[] strings = new String[1024];
    private int indexed;
    private long footprint;

    /** The id of a key indexed by {@link #index}, or -1. */
    int find(String key) {
        int h = key.hashCode();
        for (int i = slot(h); ; i = (i + 1) & (slots.length - 1)) {
            long s = slots[i];
            if (s == 0) return -1;
            if ((int) (s >>> 32) == h) {
                int id = (int) s - 1;
                String k = strings[id];
                if (k == key || key.equals(k)) return id;
            }
        }
    }

    /** Makes {@link #find} answer {@code id} for {@code key}, which it does not know yet. */
    void index(String key, int id) {
        remember(id, key);
        insert((long) key.hashCode() << 32 | (id + 1));
        indexed++;
        footprint += PER_INDEXED;
        if (indexed * 2 > slots.length) grow();
    }

    /** Keeps a key's String, decoded from its bytes, for the combiner calls to come; {@link #find} does not see it. */
    void remember(int id, String key) {
        if (id >= strings.length) strings = Arrays.copyOf(strings, Math.max(id + 1, strings.length * 2));
        if (strings[id] == null) footprint += cost(key);
        strings[id] = key;
    }

    /** The key's String, or null if it came as bytes and has not been decoded. */
    String get(int id) {
        return id < strings.length ? strings[id] : null;
    }

    /** What the index and the Strings it keeps take, in bytes. */
    long footprint() {
        return footprint;
    }

    /** Forgets keys {@code 0..ids-1}. */
    void clear(int ids) {
        Arrays.fill(strings, 0, Math.min(ids, strings.length), null);
        Arrays.fill(slots, 0);
        indexed = 0;
        footprint = 0;
    }

    /** A String's header and fields, its array's header, and at most two bytes a char. */
    static long cost(String s) {
        return 24 + 16 + 2L * s.length();
    }

    /** Fibonacci hashing: String hashes of short keys differ mostly in their low bits. */
    private int slot(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    private void insert(long s) {
        int i = slot((int) (s >>> 32));
        while (slots[i] != 0) i = (i + 1) & (slots.length - 1);
        slots[i] = s;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        shift--;
        for (long s : old) {
            if (s != 0) insert(s);
        }
    }
}
