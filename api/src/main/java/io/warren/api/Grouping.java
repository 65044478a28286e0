package io.warren.api;

import java.nio.charset.StandardCharsets;

/**
 * Which part of a key the reduce groups by, for a secondary sort (Hadoop's grouping comparator): pairs are still sorted
 * by the whole key, but the reducer is called once per group, with the group as its key and the values of all the
 * group's keys in whole-key order. The group is a prefix of the key, so a group's keys sit side by side in byte order
 * as long as the prefix ends where a field does; {@link #fields} is the usual choice.
 *
 * <p>A join, for example, emits {@code userId TAB 0} for a user and {@code userId TAB 1} for each of their orders and
 * groups by the first field: one reduce call per user, the user's record first.
 */
@FunctionalInterface
public interface Grouping {
    /** How many of the key's UTF-8 bytes, from its start, name its group; between 0 and {@code length}. */
    int groupLength(byte[] utf8, int offset, int length);

    /** The group of a key given as a {@code String}. */
    default String group(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return new String(b, 0, groupLength(b, 0, b.length), StandardCharsets.UTF_8);
    }

    /**
     * The first {@code count} fields of the key, split at {@code separator} (an ASCII character), without the separator
     * that follows them; a key with fewer fields is its own group.
     */
    static Grouping fields(int count, char separator) {
        if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
        if (separator > 0x7f) throw new IllegalArgumentException("separator must be an ASCII character, got " + separator);
        byte sep = (byte) separator;
        return (utf8, offset, length) -> {
            int seen = 0;
            for (int i = offset, end = offset + length; i < end; i++) {
                if (utf8[i] == sep && ++seen == count) return i - offset;
            }
            return length;
        };
    }
}
