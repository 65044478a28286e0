package io.warren.coordinator.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the frames of one file in order, up to the file's size when the reader was made (a writer may be appending
 * meanwhile), and says how the valid frames ended: at the end of the file, at a torn tail, or at damage.
 */
final class FrameReader {
    enum End {
        /** Every byte belonged to a valid frame. */
        CLEAN,
        /** The bytes after the last valid frame hold no whole frame: a write that did not finish. */
        TORN,
        /** A bad frame is followed by a valid one: the file was damaged after it was written. */
        DAMAGED
    }

    private final FileChannel ch;
    private final long size;
    private final ByteBuffer header = ByteBuffer.allocate(Frames.FRAME_HEADER);
    private long position;
    private End end;

    FrameReader(FileChannel ch, long start) throws IOException {
        this.ch = ch;
        this.size = ch.size();
        this.position = start;
    }

    /** The next valid frame's payload, or null when the valid frames end, after which {@link #end()} says how. */
    byte[] next() throws IOException {
        if (end != null) return null;
        if (position == size) {
            end = End.CLEAN;
            return null;
        }
        byte[] payload = null;
        if (size - position >= Frames.FRAME_HEADER) {
            header.clear();
            Frames.readFully(ch, header, position);
            header.flip();
            int length = Frames.length(header);
            if (length >= 0 && position + Frames.FRAME_HEADER + length <= size) {
                ByteBuffer body = ByteBuffer.allocate(length);
                Frames.readFully(ch, body, position + Frames.FRAME_HEADER);
                if (Frames.crc(body.array(), 0, length) == Frames.payloadCrc(header)) payload = body.array();
            }
        }
        if (payload == null) {
            end = anyFrameAfterHere() ? End.DAMAGED : End.TORN;
            return null;
        }
        position += Frames.FRAME_HEADER + payload.length;
        return payload;
    }

    private boolean anyFrameAfterHere() throws IOException {
        long rest = size - position;
        if (rest > Integer.MAX_VALUE - 8) return true; // more than any tail a crash leaves; call it damage, keep it
        ByteBuffer bytes = ByteBuffer.allocate((int) rest);
        Frames.readFully(ch, bytes, position);
        return Frames.anyFrameAfter(bytes.array());
    }

    /** Where the last valid frame read so far ends. */
    long validEnd() {
        return position;
    }

    long size() {
        return size;
    }

    /** How the valid frames ended; null until {@link #next()} has returned null. */
    End end() {
        return end;
    }
}
