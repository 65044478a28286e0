package io.warren.worker.exec;

import io.warren.worker.io.Merger;
import io.warren.worker.io.RunReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The values of one key, streamed from a {@link Merger} positioned at the key's first record: nothing but the key is
 * held in memory, however many values it has. {@link #drain()} skips what the consumer left unread and reports whether
 * the merger now sits on another key.
 */
final class Group implements Iterator<String> {
    final String key;
    private final byte[] keyBytes;
    private final Merger merger;
    private boolean pending = true;
    private boolean ended;
    private boolean atNextKey;

    Group(Merger merger) {
        this.merger = merger;
        RunReader r = merger.current();
        this.keyBytes = Arrays.copyOfRange(r.buffer(), r.keyOffset(), r.keyOffset() + r.keyLength());
        this.key = r.key();
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
        if (!Arrays.equals(keyBytes, 0, keyBytes.length, r.buffer(), r.keyOffset(), r.keyOffset() + r.keyLength())) {
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
