package io.warren.worker.exec;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the lines of one split: every line that starts inside {@code [start, start + length)}, read to its end even
 * past the split. A split that does not start at 0 skips the partial line it begins in, which belongs to the split
 * before, so every line of a file is read by exactly one split. Lines end at {@code \n}; a {@code \r} before it is
 * dropped. Bytes that are not valid UTF-8 become U+FFFD rather than failing the task.
 */
final class LineReader implements Closeable {
    private final InputStream in;
    private final long end;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPos;
    private int bufferLen;
    private long position;
    private byte[] line = new byte[256];
    private boolean eof;

    LineReader(Path file, long start, long length) throws IOException {
        this(file, start, length, Integer.MAX_VALUE - 16);
    }

    /** @param maxLine longer lines fail with {@link RecordTooLarge} instead of growing without bound */
    LineReader(Path file, long start, long length, int maxLine) throws IOException {
        this.file = file;
        this.maxLine = maxLine;
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        long from = start == 0 ? 0 : start - 1;
        channel.position(from);
        this.in = Channels.newInputStream(channel);
        this.position = from;
        this.end = start + length;
        if (start != 0) skipLine(); // the line in progress at start-1 belongs to the previous split
        this.firstLine = position;
    }

    private final long firstLine;
    private final Path file;
    private final int maxLine;

    /** Bytes consumed so far from the split's first owned line on (for the input-bytes counter). */
    long bytesRead() {
        return position - firstLine;
    }

    /** The next line, or null at the end of the split. */
    String next() throws IOException {
        if (eof || position >= end) return null;
        int len = 0;
        boolean sawAny = false;
        while (true) {
            if (bufferPos == bufferLen && !fill()) break;
            byte b = buffer[bufferPos++];
            position++;
            sawAny = true;
            if (b == '\n') break;
            if (len == line.length) {
                if (len >= maxLine) throw new RecordTooLarge(file, position - len - 1, maxLine);
                line = Arrays.copyOf(line, (int) Math.min((long) maxLine, len * 2L));
            }
            line[len++] = b;
        }
        if (!sawAny) return null;
        if (len > 0 && line[len - 1] == '\r') len--;
        return decode(len);
    }

    /** String's own UTF-8 decoding: fast for ASCII, and it replaces malformed input with U+FFFD. */
    private String decode(int len) {
        return new String(line, 0, len, StandardCharsets.UTF_8);
    }

    private void skipLine() throws IOException {
        while (true) {
            if (bufferPos == bufferLen && !fill()) return;
            position++;
            if (buffer[bufferPos++] == '\n') return;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            eof = true;
            return false;
        }
        bufferPos = 0;
        bufferLen = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
