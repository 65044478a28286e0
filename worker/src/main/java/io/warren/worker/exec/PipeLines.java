package io.warren.worker.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines a streaming process writes on stdout, read in large blocks and handed out as views of the read buffer
 * (valid until the next call), each checked to be UTF-8 and at most the record limit long. Lines end at {@code \n}; a
 * {@code \r} before it is dropped, and a last line without {@code \n} still counts. Hadoop Streaming's split of a line
 * into key and value is {@link #tab()}: the first tab, or none.
 */
final class PipeLines {
    static final int BLOCK = 1 << 20;

    private final InputStream in;
    private final String who;
    private final int maxLine;
    private byte[] buffer = new byte[BLOCK];
    private int pos;
    private int end;
    private int scanned; // bytes after pos already known to hold no '\n'
    private boolean eof;
    private int lineStart;
    private int lineLength;
    private long lineNumber;

    /** @param who names the process in errors, such as {@code mapper 'python3 map.py'} */
    PipeLines(InputStream in, String who, int maxLine) {
        this.in = in;
        this.who = who;
        this.maxLine = maxLine;
    }

    /** Moves to the next line; false at the end of the output. */
    boolean next() throws IOException {
        while (true) {
            int nl = indexOfNewline(pos + scanned, end);
            if (nl >= 0) {
                take(pos, nl - pos);
                pos = nl + 1;
                scanned = 0;
                return true;
            }
            scanned = end - pos;
            if (scanned > maxLine) throw tooLong();
            if (eof) {
                if (pos == end) return false;
                take(pos, end - pos);
                pos = end;
                scanned = 0;
                return true;
            }
            fill();
        }
    }

    private void take(int from, int length) throws StreamingFailure {
        if (length > 0 && buffer[from + length - 1] == '\r') length--;
        if (length > maxLine) throw tooLong();
        lineNumber++;
        lineStart = from;
        lineLength = length;
        if (!isUtf8(buffer, from, length)) {
            throw new StreamingFailure(who + " wrote a line that is not valid UTF-8 (line " + lineNumber + " of its output;"
                    + " starts " + printablePrefix(buffer, from, length) + "); Warren's keys and values are UTF-8 text");
        }
    }

    private StreamingFailure tooLong() {
        return new StreamingFailure(who + " wrote a line longer than the " + maxLine + "-byte record limit (line "
                + (lineNumber + 1) + " of its output); raise the worker's --max-record-size, or write shorter lines");
    }

    private void fill() throws IOException {
        if (pos > 0 && (end == buffer.length || pos > buffer.length / 2)) {
            System.arraycopy(buffer, pos, buffer, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        if (end == buffer.length) buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxLine + 2L));
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) eof = true;
        else end += n;
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buffer;
        for (int i = from; i < to; i++) if (b[i] == '\n') return i;
        return -1;
    }

    byte[] buffer() {
        return buffer;
    }

    int start() {
        return lineStart;
    }

    int length() {
        return lineLength;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** The offset in {@link #buffer()} of the line's first tab, or -1. */
    /** Where the line's first {@code fields} fields split at {@code separator} end: that separator's index, or -1. */
    int keyEnd(byte separator, int fields) {
        byte[] b = buffer;
        int seen = 0;
        for (int i = lineStart, e = lineStart + lineLength; i < e; i++) if (b[i] == separator && ++seen == fields) return i;
        return -1;
    }

    int tab() {
        byte[] b = buffer;
        for (int i = lineStart, e = lineStart + lineLength; i < e; i++) if (b[i] == '\t') return i;
        return -1;
    }

    static boolean isUtf8(byte[] b, int from, int length) {
        int i = from;
        int e = from + length;
        while (i < e && b[i] >= 0) i++;
        if (i == e) return true;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, i, e - i));
            return true;
        } catch (CharacterCodingException ex) {
            return false;
        }
    }

    private static String printablePrefix(byte[] b, int from, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + Math.min(length, 40); i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') s.append((char) c);
            else s.append(String.format("\\x%02x", c));
        }
        return "'" + s + (length > 40 ? "...'" : "'");
    }
}
