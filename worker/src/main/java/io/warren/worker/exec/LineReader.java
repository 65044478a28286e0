package io.warren.worker.exec;

import io.warren.api.Text;
import io.warren.protocol.storage.Compression;
import io.warren.storage.InputLocation;
import io.warren.storage.StreamChannel;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the lines of one split: every line that starts inside {@code [start, start + length)}, read to its end even
 * past the split. A split that does not start at 0 skips the partial line it begins in, which belongs to the split
 * before, so every line of a file is read by exactly one split. Lines end at {@code \n}; a {@code \r} before it is
 * dropped.
 *
 * <p>A line is handed out as a {@link Text} view into the read buffer, so reading makes no copy and no {@code String};
 * the view is valid until the next call. Bytes that are not valid UTF-8 are passed on as they are (decoded, they
 * become U+FFFD rather than failing the task).
 */
final class LineReader implements Closeable {
    static final int BUFFER_SIZE = 256 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    private final ReadableByteChannel channel;
    private final String file;
    private final long end;
    private final int maxLine;
    private final Text text = new Text(new byte[0], 0, 0);
    private byte[] buffer;
    private int bufferPos;
    private int bufferLen;
    private long position; // file offset of buffer[bufferPos]
    private final long firstLine;
    private boolean eof;

    /** How a reader of a split is opened: {@link #forTask} or {@link #forRange}. */
    interface Opener {
        LineReader open(InputLocation input, long start, long length, int maxLine) throws IOException;
    }

    /** The lines of a map task's split of {@code input}: its range of a plain file, all of a compressed one. */
    static LineReader forTask(InputLocation input, long start, long length, int maxLine) throws IOException {
        Compression compression = Compression.of(input.name());
        if (compression.splittable()) return new LineReader(input, start, length, maxLine);
        return decompressed(input, compression, 0, Long.MAX_VALUE, maxLine);
    }

    /** The lines starting in {@code [start, start + length)} of {@code input}, counted decompressed if compressed. */
    static LineReader forRange(InputLocation input, long start, long length, int maxLine) throws IOException {
        Compression compression = Compression.of(input.name());
        if (compression.splittable()) return new LineReader(input, start, length, maxLine);
        return decompressed(input, compression, start, length, maxLine);
    }

    private static LineReader decompressed(InputLocation input, Compression compression, long start, long length,
                                           int maxLine) throws IOException {
        InputStream raw = Channels.newInputStream(input.channel(0));
        StreamChannel channel = new StreamChannel(compression.decompress(raw, input.name()));
        try {
            channel.skip(start == 0 ? 0 : start - 1);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new LineReader(input.name(), channel, start, length, maxLine, BUFFER_SIZE);
    }

    /** @param maxLine longer lines fail with {@link RecordTooLarge} instead of growing without bound */
    LineReader(Path file, long start, long length, int maxLine) throws IOException {
        this(file, start, length, maxLine, BUFFER_SIZE);
    }

    LineReader(Path file, long start, long length, int maxLine, int bufferSize) throws IOException {
        this(InputLocation.of(file.toString(), file), start, length, maxLine, bufferSize);
    }

    LineReader(InputLocation input, long start, long length, int maxLine) throws IOException {
        this(input, start, length, maxLine, BUFFER_SIZE);
    }

    LineReader(InputLocation input, long start, long length, int maxLine, int bufferSize) throws IOException {
        this(input.name(), input.channel(start == 0 ? 0 : start - 1), start, length, maxLine, bufferSize);
    }

    /** @param channel positioned at {@code start - 1} (0 for a start of 0) */
    private LineReader(String file, ReadableByteChannel channel, long start, long length, int maxLine, int bufferSize)
            throws IOException {
        this.file = file;
        this.maxLine = maxLine;
        this.channel = channel;
        // A small split gets a small buffer (it grows for a long line): a tiny task should not allocate 256 KiB.
        this.buffer = new byte[(int) Math.min(bufferSize, Math.max(8192, Math.min(length, bufferSize) + 1))];
        this.position = start == 0 ? 0 : start - 1;
        this.end = length > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + length;
        if (start != 0) skipLine(); // the line in progress at start-1 belongs to the previous split
        this.firstLine = position;
    }

    /** Bytes consumed so far from the split's first owned line on (for the input-bytes counter). */
    long bytesRead() {
        return position - firstLine;
    }

    /** The next line as a view valid until the next call, or null at the end of the split. */
    Text nextText() throws IOException {
        if (position >= end) return null;
        int scanned = 0; // bytes of the line already searched for its end
        while (true) {
            int from = bufferPos + scanned;
            int nl = indexOfNewline(from, bufferLen);
            if (nl >= 0) {
                int len = nl - bufferPos;
                if (len > maxLine) throw RecordTooLarge.line(file, position, maxLine);
                return take(len, len + 1);
            }
            scanned = bufferLen - bufferPos;
            if (scanned > maxLine) throw RecordTooLarge.line(file, position, maxLine);
            if (!fill()) {
                if (scanned == 0) return null;
                return take(scanned, scanned); // the file's last line, without a newline
            }
        }
    }

    private Text take(int len, int consumed) {
        int start = bufferPos;
        bufferPos += consumed;
        position += consumed;
        if (len > 0 && buffer[start + len - 1] == '\r') len--;
        return text.set(buffer, start, len);
    }

    /** The first '\n' in {@code buffer[from, to)}, or -1: eight bytes at a time, then the rest one by one. */
    private int indexOfNewline(int from, int to) {
        byte[] b = buffer;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES; // a newline byte becomes zero
            long zeros = (x - ONES) & ~x & HIGH;       // the high bit of the first zero byte is exact
            if (zeros != 0) return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
        }
        for (; i < to; i++) {
            if (b[i] == '\n') return i;
        }
        return -1;
    }

    private void skipLine() throws IOException {
        while (true) {
            int nl = indexOfNewline(bufferPos, bufferLen);
            if (nl >= 0) {
                position += nl + 1 - bufferPos;
                bufferPos = nl + 1;
                return;
            }
            position += bufferLen - bufferPos;
            bufferPos = bufferLen;
            if (!fill()) return;
        }
    }

    /** Reads more after what is buffered, keeping the unconsumed bytes (the line in progress); false at the file's end. */
    private boolean fill() throws IOException {
        if (eof) return false;
        int kept = bufferLen - bufferPos;
        if (kept == buffer.length) {
            // A line longer than the buffer: grow, but never past what proves it too long (maxLine, '\r', one more).
            long limit = Math.min(Integer.MAX_VALUE - 16, maxLine + 2L);
            buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(16L, buffer.length * 2L)));
        } else if (bufferPos > 0) {
            System.arraycopy(buffer, bufferPos, buffer, 0, kept);
        }
        bufferPos = 0;
        bufferLen = kept;
        int n = channel.read(ByteBuffer.wrap(buffer, kept, buffer.length - kept));
        if (n <= 0) {
            eof = true;
            return false;
        }
        bufferLen += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
