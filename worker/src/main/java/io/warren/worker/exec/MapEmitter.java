package io.warren.worker.exec;

import io.warren.api.Emitter;
import io.warren.api.Text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a mapper emits to: every form of pair reaches the {@link MapOutput} as UTF-8 bytes. A {@link Text} is read in
 * place; a String is encoded once, and a String emitted again and again (a document name) only the first time; a
 * number stays a number until a buffer that cannot add it up writes it as text. Failures of the output travel as
 * {@link UncheckedIOException} through the user's code and are unwrapped by the map runner.
 */
final class MapEmitter implements Emitter {
    private final MapOutput output;
    /** The String most recently encoded, such as the document name an indexer emits with every word. */
    private String lastString;
    private Text lastBytes;

    MapEmitter(MapOutput output) {
        this.output = output;
    }

    @Override
    public void emit(String key, String value) {
        requireBoth(key, value);
        try {
            output.add(key, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void emit(CharSequence key, CharSequence value) {
        requireBoth(key, value);
        if (key instanceof String k && value instanceof String v) {
            emit(k, v);
            return;
        }
        Text k = utf8(key);
        Text v = utf8(value);
        try {
            output.add(k.array(), k.arrayOffset(), k.byteLength(), v.array(), v.arrayOffset(), v.byteLength());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void emit(CharSequence key, long value) {
        requireBoth(key, "");
        Text k = utf8(key);
        try {
            output.addLong(k.array(), k.arrayOffset(), k.byteLength(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Text utf8(CharSequence s) {
        if (s instanceof Text t) return t;
        if (s == lastString) return lastBytes;
        String string = s.toString();
        byte[] b = string.getBytes(StandardCharsets.UTF_8);
        Text bytes = new Text(b, 0, b.length);
        if (s instanceof String) { // Strings cannot change: the next emit of the same one reuses its bytes
            lastString = string;
            lastBytes = bytes;
        }
        return bytes;
    }

    private static void requireBoth(Object key, Object value) {
        if (key == null || value == null) throw new IllegalArgumentException("map emitted a null key or value");
    }
}
