package io.warren.storage;

import io.warren.protocol.Printable;

/** The one check of a key's shape (see {@link ObjectStore}): relative, no empty, {@code .} or {@code ..} segment. */
public final class Keys {

    /** @return {@code key}, checked; a trailing {@code /} (a directory or a prefix) is allowed */
    public static String check(String key) {
        if (key.isEmpty()) return key;
        if (key.startsWith("/") || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            throw new IllegalArgumentException("bad storage key " + Printable.quote(key));
        }
        String body = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("bad storage key " + Printable.quote(key)
                        + ": empty, . and .. segments are not allowed");
            }
        }
        return key;
    }

    /** A prefix for {@link ObjectStore#list} or {@link ObjectStore#deletePrefix}: {@code ""} or ending in {@code /}. */
    public static String directory(String key) {
        check(key);
        return key.isEmpty() || key.endsWith("/") ? key : key + "/";
    }

    /** {@code child} under the directory {@code dir}. */
    public static String join(String dir, String child) {
        return check(directory(dir) + child);
    }

    private Keys() {
    }
}
