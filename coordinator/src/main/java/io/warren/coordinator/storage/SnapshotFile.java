package io.warren.coordinator.storage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.storage.DurableFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A job's snapshot: the whole job as of one journal record, in one frame. It is written to a temporary file, synced and
 * renamed over the last one, so a reader finds the old snapshot or the new one, whole. Large jobs have snapshots of
 * tens of megabytes, so they are streamed, never held as one byte array.
 */
final class SnapshotFile {
    /** The payload: the job as it stood after journal record {@code seq} (0: when it was created). */
    record Entry(long seq, JobRecord job) {
    }

    /** What was read, and the file's size, which sets when the journal is large enough to fold into a new snapshot. */
    record Read(Entry entry, long bytes) {
    }

    /**
     * Replaces {@code target} with a snapshot of {@code job} after record {@code seq}; durable when it returns.
     *
     * @return the file's size
     * @throws NoSuchFileException if the job's directory is gone: the job was deleted meanwhile
     */
    static long write(Path target, long seq, JobRecord job) throws IOException {
        Path temp = DurableFiles.tempFileIn(target);
        try {
            long size;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(Frames.fileHeader(Frames.Magic.SNAPSHOT), 0);
                ch.position(Frames.FILE_HEADER + Frames.FRAME_HEADER);
                Payload out = new Payload(Channels.newOutputStream(ch));
                StoredJson.MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, new Entry(seq, job));
                out.flush();
                if (out.length > Frames.MAX_PAYLOAD) throw new IOException("snapshot of " + out.length + " bytes is too large");
                ch.write(Frames.header((int) out.length, (int) out.crc.getValue()), Frames.FILE_HEADER);
                size = Frames.FILE_HEADER + Frames.FRAME_HEADER + out.length;
            }
            DurableFiles.replace(temp, target);
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads a snapshot, checking its checksum before parsing it.
     *
     * @throws DamagedFile if it is not a whole, valid snapshot
     */
    static Read read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Frames.checkFileHeader(ch, Frames.Magic.SNAPSHOT, file);
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(Frames.FRAME_HEADER);
            Frames.readFully(ch, header, Frames.FILE_HEADER);
            header.flip();
            int length = header.remaining() == Frames.FRAME_HEADER ? Frames.length(header) : -1;
            if (length < 0 || Frames.FILE_HEADER + Frames.FRAME_HEADER + (long) length != size) {
                throw new DamagedFile(file, "its frame header is damaged or its length does not match the file's");
            }
            long start = Frames.FILE_HEADER + Frames.FRAME_HEADER;
            CRC32C crc = new CRC32C();
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            for (long at = start; at < size; ) {
                chunk.clear();
                int n = ch.read(chunk, at);
                if (n < 0) throw new DamagedFile(file, "it ended while being read");
                chunk.flip();
                crc.update(chunk);
                at += n;
            }
            if ((int) crc.getValue() != Frames.payloadCrc(header)) throw new DamagedFile(file, "its checksum does not match");
            ch.position(start);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            Entry entry;
            try {
                entry = StoredJson.MAPPER.readValue(in, Entry.class);
            } catch (JacksonException e) {
                throw new DamagedFile(file, "its content is not a job snapshot: " + e.getOriginalMessage());
            }
            if (entry == null || entry.job() == null) throw new DamagedFile(file, "it holds no job");
            return new Read(entry, size);
        }
    }

    /** Counts and checksums what passes through; close only flushes, so the channel stays open. */
    private static final class Payload extends OutputStream {
        private final OutputStream out;
        private final CRC32C crc = new CRC32C();
        private long length;

        Payload(OutputStream channel) {
            this.out = new BufferedOutputStream(channel, 1 << 16);
        }

        @Override
        public void write(int b) throws IOException {
            crc.update(b);
            length++;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            length += len;
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private SnapshotFile() {
    }
}
