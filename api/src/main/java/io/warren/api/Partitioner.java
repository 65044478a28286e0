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
     * The same choice for a key given as its UTF-8 bytes, which is how Warren holds keys; override it to spare
     * Warren decoding each new key into a {@code String}. Must agree with {@link #partition(String, int)}.
     */
    default int partition(byte[] utf8, int offset, int length, int reduceCount) {
        return partition(new String(utf8, offset, length, StandardCharsets.UTF_8), reduceCount);
    }

    /**
     * The default: a 32-bit FNV-1a hash of the key's UTF-8 bytes, modulo the reduce count. Unlike
     * {@code Object.hashCode()} in general it is fixed by this definition, so it stays stable across JVMs and versions.
     */
    static Partitioner hash() {
        return Fnv1a.INSTANCE;
    }

    /**
     * The {@link #hash()} of a key's group: every key of a group goes to one reduce, as a {@link Grouping} needs. A job
     * that declares a grouping gets this one by default.
     */
    static Partitioner byGroup(Grouping grouping) {
        return byGroup(grouping, hash());
    }

    /** {@code partitioner} applied to a key's group instead of the whole key. */
    static Partitioner byGroup(Grouping grouping, Partitioner partitioner) {
        return new Partitioner() {
            @Override
            public int partition(String key, int reduceCount) {
                byte[] b = key.getBytes(StandardCharsets.UTF_8);
                return partition(b, 0, b.length, reduceCount);
            }

            @Override
            public int partition(byte[] utf8, int offset, int length, int reduceCount) {
                return partitioner.partition(utf8, offset, grouping.groupLength(utf8, offset, length), reduceCount);
            }
        };
    }

    /** The {@link #hash()} partitioner, which works on the bytes either way. */
    final class Fnv1a implements Partitioner {
        private static final Fnv1a INSTANCE = new Fnv1a();

        private Fnv1a() {
        }

        @Override
        public int partition(String key, int reduceCount) {
            byte[] b = key.getBytes(StandardCharsets.UTF_8);
            return partition(b, 0, b.length, reduceCount);
        }

        @Override
        public int partition(byte[] utf8, int offset, int length, int reduceCount) {
            int hash = 0x811c9dc5;
            for (int i = offset, end = offset + length; i < end; i++) {
                hash ^= (utf8[i] & 0xff);
                hash *= 0x01000193;
            }
            return Math.floorMod(hash, reduceCount);
        }
    }
}
