package io.warren.worker.exec;

import io.warren.api.Grouping;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The values of one key, streamed from a {@link Merger} positioned at the key's first record: nothing but the key is
 * held in memory, however many values it has. {@link #drain()} skips what the consumer left unread and reports whether
 * the merger now sits on another key. Under a {@link Grouping} the group is the keys that share their grouping
 * prefix, and {@link #key} is that prefix; the values come in whole-key order.
 */
final class Group implements Iterator<String> {
    /** Each whole key is its own group. */
    static final Grouping WHOLE_KEY = (utf8, offset, length) -> length;

    final String key;
    private final Grouping grouping;
    private final byte[] keyBytes;
    private final Merger merger;
    private boolean pending = true;
    private boolean ended;
    private boolean atNextKey;

    Group(Merger merger) {
        this(merger, WHOLE_KEY);
    }

    Group(Merger merger, Grouping grouping) {
        this.merger = merger;
        this.grouping = grouping;
        RunReader r = merger.current();
        int length = grouping.groupLength(r.buffer(), r.keyOffset(), r.keyLength());
        this.keyBytes = Arrays.copyOfRange(r.buffer(), r.keyOffset(), r.keyOffset() + length);
        this.key = length == r.keyLength() ? r.key() : new String(keyBytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean hasNext() {
        if (pending) return true;
        if (ended || atNextKey) return false;
        try {
            if (!merger.next()) {
                ended = true;
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunReader r = merger.current();
        int length = grouping.groupLength(r.buffer(), r.keyOffset(), r.keyLength());
        if (!Arrays.equals(keyBytes, 0, keyBytes.length, r.buffer(), r.keyOffset(), r.keyOffset() + length)) {
            atNextKey = true;
            return false;
        }
        pending = true;
        return true;
    }

    @Override
    public String next() {
        if (!hasNext()) throw new NoSuchElementException();
        pending = false;
        return merger.current().value();
    }

    /** Skips unread values; true if the merger now sits on the first record of another key. */
    boolean drain() throws IOException {
        try {
            while (hasNext()) next();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return atNextKey;
    }
}
