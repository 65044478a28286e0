package io.warren.api;

import java.nio.charset.StandardCharsets;

/**
 * Chooses the reduce task a key goes to. Must be deterministic across processes and machines: every map task has to
 * send a key to the same partition, or the key would be reduced twice.
 */
@FunctionalInterface
public interface Partitioner {
    /** @return a partition in {@code [0, reduceCount)} */
    int partition(String key, int reduceCount);

    /**
     * The default: a 32-bit FNV-1a hash of the key's UTF-8 bytes, modulo the reduce count. Unlike
     * {@code Object.hashCode()} in general it is fixed by this definition, so it stays stable across JVMs and versions.
     */
    static Partitioner hash() {
        return (key, reduceCount) -> Math.floorMod(fnv1a(key), reduceCount);
    }

    private static int fnv1a(String key) {
        int hash = 0x811c9dc5;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x01000193;
        }
        return hash;
    }
}
