package io.warren.coordinator.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobReplay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a job back from its files: the latest snapshot, then the journal records after it, in order, as far as they
 * are valid and follow one another. A segment holds the records from its first up to the next segment's first, so
 * anything after that in it (a torn tail, or records of a writer that another one has replaced) is never read. What
 * it returns is always a state the coordinator saved at some flush; how the records ended says whether some were
 * lost.
 */
final class JournalReplay {
    private static final Logger log = LoggerFactory.getLogger(JournalReplay.class);
    /**
     * A journal record's payload: change number {@code seq} of the job, counted from its creation, saved by the
     * coordinator of term {@code epoch} (0: before terms had epochs, and not written then).
     */
    record Entry(long seq,
                 @JsonSetter(nulls = Nulls.AS_EMPTY) @JsonInclude(JsonInclude.Include.NON_DEFAULT) long epoch,
                 JobChange change) {
    }

    /** How the valid records ended. */
    sealed interface Tail {
    }

    /** At the end of the last segment: nothing was lost. */
    record Clean() implements Tail {
    }

    /** In the last segment, at {@code validEnd}, with bytes after it that hold no whole record: a write that died. */
    record Torn(JobFiles.Segment segment, long validEnd) implements Tail {
    }

    /**
     * At {@code at} in {@code segment}, before records that should have been there: damage after writing, or records
     * missing. Replay stopped there; the records after it, if any, are not applied.
     */
    record Damaged(JobFiles.Segment segment, long at, String why) implements Tail {
    }

    /** Where a record ends in a segment: where the record after it would begin. */
    record Position(JobFiles.Segment segment, long offset) {
    }

    /**
     * @param seq           the last record applied (the snapshot's, if none)
     * @param snapshotBytes the snapshot's size
     * @param segments      the segments as listed when reading began
     * @param end           where the last record applied ends; null if the snapshot covered every record read
     * @param epoch         the term that wrote the last record applied (0: none, or before terms): a record of an
     *                      older term read after it is ignored
     */
    record Replayed(JobRecord job, long seq, long snapshotBytes, List<JobFiles.Segment> segments, Tail tail,
                    Position end, long epoch) {
    }

    /**
     * One reading of the job's files.
     *
     * @return null if the job is not on record
     * @throws NoSuchFileException if the job was deleted while it was read
     * @throws DamagedFile         if the snapshot is damaged, so nothing of the job can be read
     */
    static Replayed read(JobFiles files) throws IOException {
        // The segments are opened before the snapshot is read. A segment that is gone by then was deleted by a
        // compaction that had already renamed its snapshot into place, so the snapshot read next covers it; one that
        // opened stays readable however a compaction deletes it meanwhile.
        List<JobFiles.Segment> segments = files.segments();
        Map<JobFiles.Segment, FileChannel> open = new HashMap<>();
        try {
            for (JobFiles.Segment s : segments) {
                try {
                    open.put(s, FileChannel.open(s.path(), StandardOpenOption.READ));
                } catch (NoSuchFileException e) {
                    // covered by the snapshot
                }
            }
            return read(files, segments, open);
        } finally {
            for (FileChannel ch : open.values()) ch.close();
        }
    }

    private static Replayed read(JobFiles files, List<JobFiles.Segment> segments, Map<JobFiles.Segment, FileChannel> open)
            throws IOException {
        SnapshotFile.Read snapshot;
        if (Files.isRegularFile(files.snapshot())) {
            snapshot = SnapshotFile.read(files.snapshot());
        } else if (Files.isRegularFile(files.legacy())) {
            byte[] bytes = Files.readAllBytes(files.legacy());
            try {
                snapshot = new SnapshotFile.Read(new SnapshotFile.Entry(0, StoredJson.MAPPER.readValue(bytes, JobRecord.class)),
                        bytes.length);
            } catch (JacksonException e) {
                throw new DamagedFile(files.legacy(), "it is not a job record: " + e.getOriginalMessage());
            }
        } else {
            return null;
        }
        if (snapshot.entry().job().state().isTerminal()) {
            // A job's last save folds it into its snapshot, and nothing follows: a record after it can only be a
            // deposed coordinator's, written after the job ended (docs/fencing.md).
            return new Replayed(snapshot.entry().job(), snapshot.entry().seq(), snapshot.bytes(), segments, new Clean(), null, 0);
        }
        JobReplay replay = new JobReplay(snapshot.entry().job());
        long next = snapshot.entry().seq() + 1;
        Tail tail = new Clean();
        Position readTo = null;
        long newestEpoch = 0;
        for (int i = 0; i < segments.size() && tail instanceof Clean; i++) {
            JobFiles.Segment segment = segments.get(i);
            boolean lastSegment = i + 1 == segments.size();
            long last = lastSegment ? Long.MAX_VALUE : segments.get(i + 1).first() - 1;
            if (last < next) continue; // the snapshot covers it
            if (segment.first() > next) {
                tail = new Damaged(segment, 0, "records " + next + " to " + (segment.first() - 1) + " are missing");
                break;
            }
            FileChannel ch = open.get(segment);
            if (ch == null) continue; // deleted by a compaction: covered (if not, the next segment's first says so)
            if (ch.size() < Frames.FILE_HEADER) {
                // Created, and the coordinator died before its header was written.
                tail = lastSegment ? new Torn(segment, 0) : new Damaged(segment, 0, "it is empty");
                break;
            }
            Frames.checkFileHeader(ch, Frames.Magic.JOURNAL, segment.path());
            FrameReader frames = new FrameReader(ch, Frames.FILE_HEADER);
            for (byte[] payload; next <= last && (payload = frames.next()) != null; ) {
                Entry entry;
                try {
                    entry = StoredJson.MAPPER.readValue(payload, Entry.class);
                } catch (JacksonException e) {
                    tail = new Damaged(segment, frames.validEnd() - payload.length - Frames.FRAME_HEADER,
                            "a record that passed its checksum is not a journal record: " + e.getOriginalMessage());
                    break;
                }
                if (entry.seq() < next) continue;
                if (entry.seq() > last) break;
                if (entry.epoch() < newestEpoch) {
                    // A deposed coordinator's write that landed where the newer term's segment did not cut it off.
                    log.warn("job={}: ignoring journal record {} in {}: written by coordinator term {} after term {}"
                            + " had written", files.jobId(), entry.seq(), segment.path().getFileName(), entry.epoch(),
                            newestEpoch);
                    continue;
                }
                if (entry.seq() != next) {
                    tail = new Damaged(segment, frames.validEnd() - payload.length - Frames.FRAME_HEADER,
                            "record " + entry.seq() + " where record " + next + " should be");
                    break;
                }
                try {
                    replay.apply(entry.change());
                } catch (IllegalArgumentException e) {
                    tail = new Damaged(segment, frames.validEnd() - payload.length - Frames.FRAME_HEADER, e.getMessage());
                    break;
                }
                next++;
                newestEpoch = entry.epoch();
                readTo = new Position(segment, frames.validEnd());
            }
            if (!(tail instanceof Clean) || next > last) continue;
            FrameReader.End end = frames.end();
            if (end == FrameReader.End.DAMAGED) {
                tail = new Damaged(segment, frames.validEnd(), "a record fails its checksum and records follow it");
            } else if (!lastSegment) {
                tail = new Damaged(segment, frames.validEnd(), "records " + next + " to " + last + " are missing");
            } else if (end == FrameReader.End.TORN) {
                tail = new Torn(segment, frames.validEnd());
            }
        }
        return new Replayed(replay.result(), next - 1, snapshot.bytes(), segments, tail, readTo, newestEpoch);
    }

    private JournalReplay() {
    }
}
