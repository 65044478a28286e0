package io.warren.worker.exec;

import java.util.Arrays;

/**
 * The String form of a combining buffer's keys, by key id, and an index from a String key to its id: a mapper that
 * emits a String finds its key from its chars, so the key is encoded to UTF-8 only the first time it arrives (to get its id from the {@link io.warren.worker.io.KeyTable}), not per pair.
 * Open addressing with linear probing. A slot holds a key's first seven chars packed into a long beside its hash and
 * id, so a probe reads one array, and a short Latin-1 key (most words) is found without reading its String at all;
 * only longer keys are compared with {@link String#equals}.
 */
final class StringKeys {
    /** A slot of two longs (the table is at most half full, so two slots per key) and the reference to the String. */
    private static final int PER_INDEXED = 2 * 16 + 8;
    private static final int INEXACT = 0xfe;
    private long[] slots = new long[2 << 12]; // pairs: packed key, then hash << 32 | (id + 1), 0 if empty
    private int shift = Integer.SIZE - 12;
    private String[] strings = new String[1024];
    private int indexed;
    private long footprint;

    /** The id of a key indexed by {@link #index}, or -1. */
    int find(String key) {
        long packed = pack(key);
        boolean exact = (packed & 0xff) <= 7;
        int h = hash(key, packed);
        int mask = slots.length - 1;
        for (int i = slot(h); ; i = (i + 2) & mask) {
            long s = slots[i + 1];
            if (s == 0) return -1;
            if (slots[i] == packed && (int) (s >>> 32) == h) {
                int id = (int) s - 1;
                if (exact) return id;
                String k = strings[id];
                if (k == key || key.equals(k)) return id;
            }
        }
    }

    /** Makes {@link #find} answer {@code id} for {@code key}, which it does not know yet. */
    void index(String key, int id) {
        remember(id, key);
        long packed = pack(key);
        insert(packed, (long) hash(key, packed) << 32 | (id + 1));
        indexed++;
        footprint += PER_INDEXED;
        if (indexed * 4 > slots.length) grow();
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

    /**
     * A key's first seven chars, big-endian, and in the low byte its length if it has at most seven chars, all of them
     * Latin-1: then equal packs mean equal keys. Otherwise the low byte is {@link #INEXACT} and keys are compared.
     */
    static long pack(String key) {
        int n = key.length();
        int m = Math.min(n, 7);
        long p = 0;
        boolean latin1 = true;
        for (int i = 0; i < m; i++) {
            char c = key.charAt(i);
            latin1 &= c <= 0xff;
            p = p << 8 | (c & 0xff);
        }
        return p << (8 * (8 - m)) | (n <= 7 && latin1 ? n : INEXACT);
    }

    /** The packed key itself when it is the whole key, saving a pass over the chars. */
    private static int hash(String key, long packed) {
        if ((packed & 0xff) > 7) return key.hashCode();
        long h = packed * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The first of a slot's two longs; Fibonacci hashing, since String hashes of short keys differ in their low bits. */
    private int slot(int hash) {
        return ((hash * 0x9E3779B9) >>> shift) << 1;
    }

    private void insert(long packed, long s) {
        int mask = slots.length - 1;
        int i = slot((int) (s >>> 32));
        while (slots[i + 1] != 0) i = (i + 2) & mask;
        slots[i] = packed;
        slots[i + 1] = s;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        shift--;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != 0) insert(old[i], old[i + 1]);
        }
    }
}
