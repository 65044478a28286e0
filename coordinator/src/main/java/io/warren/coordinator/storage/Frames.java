package io.warren.coordinator.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The framing of job state files (docs/job-state.md). A file starts with an 8-byte header, four magic bytes that say
 * what it holds and a big-endian format version; then come frames. A frame is a 12-byte header, the payload's length,
 * the payload's CRC32C and the CRC32C of those first eight bytes, followed by the payload. The header's own checksum
 * lets a reader trust a length before reading what it covers, and find out whether any whole frame follows a damaged
 * one, which tells a torn tail (nothing follows: the writer died mid-append) from damage in the middle.
 */
final class Frames {
    static final int FILE_HEADER = 8;
    static final int FRAME_HEADER = 12;
    /** The format version this code writes and reads. */
    static final int VERSION = 1;
    /** Larger than any record Warren writes; a length above it is damage, not data. */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - FRAME_HEADER;

    static ByteBuffer fileHeader(Magic magic) {
        return ByteBuffer.allocate(FILE_HEADER).put(magic.bytes).putInt(VERSION).flip();
    }

    /** What a file holds, by its first four bytes. */
    enum Magic {
        SNAPSHOT("WRNS"), JOURNAL("WRNJ");

        final byte[] bytes;

        Magic(String text) {
            this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Checks a file's header.
     *
     * @throws IOException naming the file and what is wrong: another kind of file, or a version this code cannot read
     */
    static void checkFileHeader(FileChannel ch, Magic magic, Object file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
        readFully(ch, header, 0);
        if (header.hasRemaining()) throw new IOException(file + " is too short to be a job state file");
        header.flip();
        byte[] found = new byte[4];
        header.get(found);
        if (!Arrays.equals(found, magic.bytes)) {
            throw new IOException(file + " is not a job " + magic.name().toLowerCase(Locale.ROOT) + " file");
        }
        int version = header.getInt();
        if (version != VERSION) {
            throw new IOException(file + " has format version " + version + "; this Warren reads version " + VERSION
                    + " (a newer Warren wrote it?)");
        }
    }

    /** A whole frame: header and payload. */
    static ByteBuffer frame(byte[] payload) {
        return ByteBuffer.allocate(FRAME_HEADER + payload.length).put(header(payload.length, crc(payload, 0, payload.length)))
                .put(payload).flip();
    }

    static ByteBuffer header(int length, int payloadCrc) {
        ByteBuffer b = ByteBuffer.allocate(FRAME_HEADER).putInt(length).putInt(payloadCrc);
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, 8);
        return b.putInt((int) c.getValue()).flip();
    }

    /** The payload length a frame header declares, or -1 if the header's checksum or the length is wrong. */
    static int length(ByteBuffer header) {
        int at = header.position();
        CRC32C c = new CRC32C();
        for (int i = 0; i < 8; i++) c.update(header.get(at + i));
        int length = header.getInt(at);
        if ((int) c.getValue() != header.getInt(at + 8) || length < 0 || length > MAX_PAYLOAD) return -1;
        return length;
    }

    static int payloadCrc(ByteBuffer header) {
        return header.getInt(header.position() + 4);
    }

    static int crc(byte[] bytes, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, from, length);
        return (int) c.getValue();
    }

    /**
     * Whether a whole, valid frame starts anywhere in {@code bytes} after offset 0: if one does, the bad frame at 0 is
     * damage in the middle; if none does, it is a torn tail.
     */
    static boolean anyFrameAfter(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int at = 1; at + FRAME_HEADER <= bytes.length; at++) {
            b.position(at);
            int length = length(b);
            if (length < 0 || at + FRAME_HEADER + (long) length > bytes.length) continue;
            if (crc(bytes, at + FRAME_HEADER, length) == payloadCrc(b)) return true;
        }
        return false;
    }

    /** Reads from {@code position} until {@code into} is full or the file ends. */
    static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = ch.read(into, position);
            if (n < 0) return;
            position += n;
        }
    }

    private Frames() {
    }
}
