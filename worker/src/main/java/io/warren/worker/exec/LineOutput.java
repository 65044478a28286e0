package io.warren.worker.exec;

import io.warren.api.Text;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A reduce's output lines as UTF-8, buffered: a {@link Text} is copied as the bytes it is, a String encoded by
 * {@link String#getBytes} (a copy for ASCII text), where a {@code Writer} ran every char through its encoder. A
 * malformed surrogate becomes {@code ?}, as it did there.
 */
final class LineOutput {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int used;

    LineOutput(OutputStream out) {
        this.out = out;
    }

    void append(CharSequence s) throws IOException {
        if (s instanceof Text t) {
            write(t.array(), t.arrayOffset(), t.byteLength());
        } else {
            byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
            write(b, 0, b.length);
        }
    }

    void append(char ascii) throws IOException {
        if (used == buffer.length) drain();
        buffer[used++] = (byte) ascii;
    }

    private void write(byte[] b, int off, int len) throws IOException {
        if (len > buffer.length - used) {
            drain();
            if (len > buffer.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buffer, used, len);
        used += len;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }
}
