package io.warren.worker.exec;

import io.warren.api.Emitter;
import io.warren.api.Text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The keys a mapper emits over a total order's sample chunks, kept as UTF-8 bytes: all of them up to
 * {@link #MAX_KEYS}, then a uniform reservoir of that many (a seeded one), so a sample of short keys stays a few MiB
 * of heap. Values are dropped.
 */
final class KeySample implements Emitter {
    static final int MAX_KEYS = 100_000;
    private final List<byte[]> keys = new ArrayList<>();
    private final Random random = new Random(23);
    private long seen;

    @Override
    public void emit(String key, String value) {
        keep(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void emit(CharSequence key, CharSequence value) {
        keep(bytes(key));
    }

    @Override
    public void emit(CharSequence key, long value) {
        keep(bytes(key));
    }

    private static byte[] bytes(CharSequence key) {
        if (key instanceof Text t) return Arrays.copyOfRange(t.array(), t.arrayOffset(), t.arrayOffset() + t.byteLength());
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void keep(byte[] key) {
        seen++;
        if (keys.size() < MAX_KEYS) {
            keys.add(key);
            return;
        }
        long slot = (long) (random.nextDouble() * seen);
        if (slot < MAX_KEYS) keys.set((int) slot, key);
    }

    /** The kept keys in unsigned byte order. */
    List<byte[]> sorted() {
        keys.sort(Arrays::compareUnsigned);
        return keys;
    }
}
