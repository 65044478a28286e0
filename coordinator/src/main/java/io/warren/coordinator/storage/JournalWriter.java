package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobChange;
import io.warren.protocol.storage.DurableFiles;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Appends one job's changes to its journal, each as one record synced before {@link #append} returns. Used by the
 * coordinator's thread only; a compaction on another thread tells it, through {@link #snapshotWritten}, how large the
 * snapshot became. Each writer starts a new segment for its first record, so whatever an earlier writer left at the end
 * of its segment lies beyond that segment's range and is never read. Its segments carry the coordinator's term: a
 * writer that {@link #fence fences} the journal as a new term begins cuts off, the same way, whatever the writer of
 * an older term may still append (docs/fencing.md).
 */
final class JournalWriter implements Closeable {
    /**
     * How many times the snapshot's size the journal grows to before a new snapshot is written. The snapshot holds every
     * task, changed or not, so writing it as often as the journal grows by its size (1) doubled what a job wrote; at 3,
     * snapshots add a third to the journal, and a reader replays at most three snapshots' worth of records.
     */
    static final int SNAPSHOT_RATIO = 3;
    private final JobFiles files;
    private final long epoch;
    private long seq;
    private FileChannel segment;
    private long segmentBytes;
    private volatile long snapshotBytes;
    private final AtomicBoolean compacting = new AtomicBoolean();

    /**
     * @param seq           the last record on record: the next one appended is {@code seq + 1}
     * @param snapshotBytes the size of the snapshot on record
     * @param epoch         the term of the coordinator that writes (0: none), in every segment's name and record
     */
    JournalWriter(JobFiles files, long seq, long snapshotBytes, long epoch) {
        this.files = files;
        this.epoch = epoch;
        this.seq = seq;
        this.snapshotBytes = snapshotBytes;
    }

    /**
     * Appends the change as record {@code seq() + 1}. If it fails, the segment is cut back to where it was, if it can
     * be; either way the caller must drop this writer, and the next one starts a new segment after the last good record.
     */
    void append(JobChange change) throws IOException {
        ByteBuffer frame = Frames.frame(StoredJson.MAPPER.writeValueAsBytes(new JournalReplay.Entry(seq + 1, epoch, change)));
        boolean fresh = segment == null;
        if (fresh) openSegment();
        long start = segmentBytes;
        try {
            write(frame, start);
            segment.force(false);
            if (fresh) DurableFiles.fsyncDirectory(files.dir());
        } catch (IOException e) {
            try {
                segment.truncate(start);
            } catch (IOException ignored) {
                // the next writer cuts the torn tail off when it opens the journal
            }
            throw e;
        }
        segmentBytes = start + frame.limit();
        seq++;
    }

    /**
     * Starts this term's segment for the next record now, durably, rather than at the first append: from here on an
     * older term's writer appends only past the end of its segment's range, where no reader looks.
     *
     * @throws java.nio.file.FileAlreadyExistsException if this term already has a segment there
     */
    void fence() throws IOException {
        if (segment != null) return;
        openSegment();
        try {
            segment.force(false);
            DurableFiles.fsyncDirectory(files.dir());
        } catch (IOException e) {
            closeSegment();
            throw e;
        }
    }

    private void openSegment() throws IOException {
        segment = FileChannel.open(files.segment(seq + 1, epoch), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segmentBytes = write(Frames.fileHeader(Frames.Magic.JOURNAL), 0);
    }

    private long write(ByteBuffer bytes, long at) throws IOException {
        long position = at;
        while (bytes.hasRemaining()) position += segment.write(bytes, position);
        return position - at;
    }

    /** The last record appended. */
    long seq() {
        return seq;
    }

    /**
     * Whether the current segment has grown to {@link #SNAPSHOT_RATIO} times the snapshot (and {@code minBytes}) and none
     * is being written.
     */
    boolean wantsSnapshot(long minBytes) {
        return !compacting.get() && segment != null && segmentBytes >= Math.max(minBytes, SNAPSHOT_RATIO * snapshotBytes);
    }

    /**
     * Ends the current segment before a snapshot: the next record starts a new one, which a writer of a term starts at
     * once, so that its journal stays fenced while the snapshot is written and after (docs/fencing.md).
     */
    void roll() throws IOException {
        compacting.set(true);
        closeSegment();
        if (epoch == 0) return;
        try {
            fence();
        } catch (IOException e) {
            // The next append tries again; until then an older term's new segment after this one would be read.
            closeSegment();
        }
    }

    /** A snapshot of {@code bytes} was written, or (bytes < 0) could not be; another may be started. */
    void snapshotWritten(long bytes) {
        if (bytes >= 0) snapshotBytes = bytes;
        compacting.set(false);
    }

    private void closeSegment() throws IOException {
        if (segment != null) {
            segment.close();
            segment = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeSegment();
    }
}
