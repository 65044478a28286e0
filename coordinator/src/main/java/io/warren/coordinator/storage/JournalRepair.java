package io.warren.coordinator.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** What a coordinator that is about to write a job does to the files an earlier writer's crash or damage left. */
final class JournalRepair {
    private static final Logger log = LoggerFactory.getLogger(JournalRepair.class);

    /**
     * Makes the job's files end at the record replay stopped at, so the next record can follow it:
     * <ul>
     *   <li>a torn tail (a record whose write never finished, acknowledged to no one) is cut off;</li>
     *   <li>a last segment that holds no record is deleted, since the next writer starts a segment of that name;</li>
     *   <li>damage (a record that fails its checksum with records after it, or records missing) is logged as an error;
     *   a snapshot of the state before it is written, and the damaged segment and every later one are renamed to
     *   {@code *.damaged}, kept for inspection and never read again. The changes they held are lost to this job: its
     *   tasks that had finished in them run again, which is safe, since a task's outcome is acknowledged only once
     *   durable and a rerun's output replaces nothing already committed.</li>
     * </ul>
     */
    static JournalReplay.Replayed repair(JobFiles files, JournalReplay.Replayed r) throws IOException {
        if (r == null) return null;
        if (r.tail() instanceof JournalReplay.Torn torn) {
            long size = Files.size(torn.segment().path());
            if (torn.validEnd() <= Frames.FILE_HEADER) {
                Files.delete(torn.segment().path());
            } else {
                try (FileChannel ch = FileChannel.open(torn.segment().path(), StandardOpenOption.WRITE)) {
                    ch.truncate(torn.validEnd());
                    ch.force(true);
                }
            }
            log.info("job={}: cut a torn tail of {} bytes off {} (a write the last coordinator did not finish)",
                    files.jobId(), size - torn.validEnd(), torn.segment().path().getFileName());
        } else if (r.tail() instanceof JournalReplay.Damaged damaged) {
            log.error("job={}: its journal is damaged in {} at byte {}: {}. The job goes on from record {}, the last"
                            + " good one; tasks that finished after it run again. The damaged files are kept as *{}.",
                    files.jobId(), damaged.segment().path(), damaged.at(), damaged.why(), r.seq(), JobFiles.DAMAGED_SUFFIX);
            long bytes = SnapshotFile.write(files.snapshot(), r.seq(), r.job());
            for (JobFiles.Segment s : r.segments()) {
                if (s.first() >= damaged.segment().first()) files.setAside(s);
            }
            return new JournalReplay.Replayed(r.job(), r.seq(), bytes, r.segments(), new JournalReplay.Clean(), r.end(),
                    r.epoch());
        }
        List<JobFiles.Segment> left = files.segments();
        if (!left.isEmpty() && left.get(left.size() - 1).first() > r.seq()) Files.deleteIfExists(left.get(left.size() - 1).path());
        return r;
    }

    /**
     * Converts an earlier version's record ({@code job.json}) to a snapshot of the job as read, then deletes it; if the
     * writer dies between the two, the snapshot wins and the next one deletes {@code job.json}.
     */
    static JournalReplay.Replayed convertLegacy(JobFiles files, JournalReplay.Replayed r) throws IOException {
        if (r == null || !Files.isRegularFile(files.legacy())) return r;
        SnapshotFile.write(files.snapshot(), r.seq(), r.job());
        Files.delete(files.legacy());
        log.info("job={}: converted {} to this version's snapshot and journal", files.jobId(), files.legacy());
        return r;
    }

    private JournalRepair() {
    }
}
