package io.warren.coordinator.storage;

import io.warren.coordinator.domain.Job;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobReplay;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One job, as far as it has been read: the state after record {@code next - 1}, and where record {@code next} begins.
 * The status page reads through these ({@link JobFollowers}), and so does a standing-by coordinator
 * ({@link JobStandby}), which at takeover {@link #catchUp catches up} to the end of the files instead of reading the job
 * whole. {@link SnapshotWatch} tells whether a snapshot that replaced the one read holds anything unread.
 */
final class JournalFollower {
    private final FileJobStore store;
    private final JobFiles files;
    /** Whether the job itself is kept up to date, for a standby to hand over ({@link #keptJob}). */
    private final boolean keepsJob;
    private JobReplay replay;
    private JobRecord record;
    private boolean changed;
    private long next;
    private final SnapshotWatch snapshot;
    private JobFiles.Segment segment;
    private FileChannel channel;
    private long offset;
    /** Whether the current segment ended, at the last read, in bytes that hold no whole record (a torn tail). */
    private boolean torn;
    /** The term that wrote the last record applied: a record of an older term read after it is ignored. */
    private long epoch;
    /** Whether the last {@link #read} went on from the read before it, rather than reading the job whole. */
    private boolean followed;
    private long wholeReads;
    /** When someone last asked for the job (System.nanoTime()). */
    private volatile long askedAt;

    JournalFollower(FileJobStore store, JobFiles files) {
        this(store, files, false);
    }

    /** @param keepsJob whether to keep the unfinished job itself up to date as well, for {@link #keptJob} */
    JournalFollower(FileJobStore store, JobFiles files, boolean keepsJob) {
        this.store = store;
        this.files = files;
        this.keepsJob = keepsJob;
        this.snapshot = new SnapshotWatch(files);
    }

    synchronized JobRecord read() throws IOException {
        if (!files.onRecord()) {
            close();
            return null;
        }
        followed = replay != null && follow();
        if (!followed && !readWhole()) return record;
        if (changed) {
            record = replay.result();
            changed = false;
        }
        if (record.state().isTerminal()) closeChannel(); // nothing more is appended; only a new snapshot would tell
        return record;
    }

    /**
     * Reads the job whole, and remembers where its journal ends so that the next read goes on from there.
     *
     * @return false if the job is gone, or damaged so that it cannot be followed (the state read is kept, and the
     * next read reads it whole again)
     */
    private boolean readWhole() throws IOException {
        close();
        wholeReads++;
        SnapshotWatch.Seen seen = snapshot.look();
        JournalReplay.Replayed r = store.read(files);
        if (r == null) return false;
        record = r.job();
        if (r.tail() instanceof JournalReplay.Damaged) return false; // shown as of the damage, read whole each time
        snapshot.read(seen, r.snapshotBytes());
        replay = keepsJob && !r.job().state().isTerminal() ? JobReplay.keepingJob(r.job()) : new JobReplay(r.job());
        next = r.seq() + 1;
        epoch = r.epoch();
        torn = false;
        if (r.end() != null) {
            segment = r.end().segment();
            offset = r.end().offset();
            try {
                channel = FileChannel.open(segment.path(), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                segment = null; // compacted away meanwhile: the next read finds its successor, or reads anew
            }
        }
        return true;
    }

    /**
     * Applies the records appended since the last read.
     *
     * @return false if the files no longer continue where the last read ended: the job must be read whole
     */
    private boolean follow() {
        try {
            if (record.state().isTerminal()) return snapshot.coversNoMore(next - 1, null);
            for (int step = 0; step < 100; step++) {
                if (channel != null && !readSegment()) return false;
                List<JobFiles.Segment> segments = files.segments();
                JobFiles.Segment after;
                if (segment == null) {
                    // No segment read yet: record next is in the last one that starts at or before it.
                    after = segments.stream().filter(s -> s.first() <= next).reduce((a, b) -> b).orElse(null);
                    if (after == null) {
                        // No journal after the snapshot read; or there is one, but it starts after next, so a
                        // newer snapshot covers what lies between; or there was one, compacted away since.
                        return segments.isEmpty() && snapshot.coversNoMore(next - 1, null);
                    }
                } else {
                    after = segments.stream().filter(s -> JobFiles.Segment.ORDER.compare(s, segment) > 0).findFirst().orElse(null);
                    // The writer's current segment, read as far as it is written; unless later segments were
                    // written and compacted away into a newer snapshot before they were read: then read anew.
                    if (after == null) return snapshot.coversNoMore(next - 1, segments.contains(segment) ? segment : null);
                    // This segment holds the records before the next one's first: it may have grown since read.
                    if (after.first() > next && !readSegment()) return false;
                    if (after.first() != next) return false; // records missing, or read past a replaced writer's end
                }
                closeChannel();
                segment = after;
                offset = 0;
                try {
                    channel = FileChannel.open(segment.path(), StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    return false; // compacted away before it was read: a newer snapshot covers it
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Applies the valid records of the current segment after {@code offset}.
     *
     * @return false if it holds something other than the records that follow: damage, or another writer's
     */
    private boolean readSegment() throws IOException {
        if (offset < Frames.FILE_HEADER) {
            torn = channel.size() < Frames.FILE_HEADER;
            if (torn) return true; // being created: no record yet
            Frames.checkFileHeader(channel, Frames.Magic.JOURNAL, segment.path());
            offset = Frames.FILE_HEADER;
        }
        // Shorter than what was read: a failed append was cut back, and its record number may be written again.
        if (channel.size() < offset) return false;
        FrameReader frames = new FrameReader(channel, offset);
        for (byte[] payload; (payload = frames.next()) != null; ) {
            JournalReplay.Entry entry = StoredJson.MAPPER.readValue(payload, JournalReplay.Entry.class);
            if (entry.seq() < next || entry.epoch() < epoch) {
                // Read already; or a deposed term's, written after a newer term's record (as JournalReplay ignores it).
                offset = frames.validEnd();
                continue;
            }
            if (entry.seq() != next) return false;
            try {
                replay.apply(entry.change());
            } catch (IllegalArgumentException e) {
                return false;
            }
            next++;
            epoch = entry.epoch();
            changed = true;
            offset = frames.validEnd();
        }
        torn = frames.end() == FrameReader.End.TORN;
        // A torn end is a record being written: it is read once whole. Damage is left to a whole read.
        return frames.end() != FrameReader.End.DAMAGED;
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
        channel = null;
    }

    /**
     * Reads what was appended since the last read, up to the end of the files as they are now, and returns what
     * {@link JournalReplay#read} would read from them: the same job, last record, snapshot size and tail (a torn last
     * record is reported, for the coordinator that takes over to cut it off). Reads the job whole if its files no
     * longer continue where the last read ended, as {@link #read} does.
     *
     * @return null if the job is gone, damaged, or its files keep changing under the reads: then read it cold
     */
    synchronized JournalReplay.Replayed catchUp() throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (read() == null || replay == null) return null; // gone, or damaged: a cold read says which, and repairs
            if (!followed) continue; // read whole: it ends where that reading listed the files; go on to their end
            if (record.state().isTerminal()) {
                return new JournalReplay.Replayed(record, next - 1, snapshot.bytes(), files.segments(),
                        new JournalReplay.Clean(), null, 0);
            }
            JournalReplay.Tail tail = segment != null && torn ? new JournalReplay.Torn(segment, offset)
                    : new JournalReplay.Clean();
            JournalReplay.Position end = segment == null || offset <= Frames.FILE_HEADER ? null
                    : new JournalReplay.Position(segment, offset);
            return new JournalReplay.Replayed(record, next - 1, snapshot.bytes(), files.segments(), tail, end, epoch);
        }
        return null;
    }

    /**
     * The job as the last {@link #catchUp} returned its record, kept up to date record by record if this follower
     * keeps it and the job was unfinished when read whole; null if not. For one owner: the follower is let go after.
     */
    synchronized Job keptJob() {
        return replay != null && replay.keepsJob() ? replay.job() : null;
    }

    /** Someone asked for the job now. */
    void asked() {
        askedAt = System.nanoTime();
    }

    /** When someone last asked for the job (System.nanoTime()). */
    long askedAt() {
        return askedAt;
    }

    long wholeReads() {
        return wholeReads;
    }

    /** The last journal record applied so far; -1 if the job was never read. */
    long recordsRead() {
        return replay == null ? -1 : next - 1;
    }

    /** Whether the last read found the job damaged, so that each read reads it whole again. */
    synchronized boolean damaged() {
        return record != null && replay == null;
    }

    synchronized boolean running() {
        return record != null && !record.state().isTerminal();
    }

    synchronized void close() {
        closeChannel();
        segment = null;
        replay = null;
        record = null;
    }
}
