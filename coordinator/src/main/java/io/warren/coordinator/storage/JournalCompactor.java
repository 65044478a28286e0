package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.Term;
import io.warren.protocol.storage.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Folds a job's journal into a new snapshot, off the saving thread, and deletes the segments it covers; and deletes a
 * job's files, never while its snapshot is being written (each job has a lock for the two). What a {@link FileJobStore}
 * hands over once a save has grown the journal enough, or ended the job.
 */
final class JournalCompactor {
    private static final Logger log = LoggerFactory.getLogger(JournalCompactor.class);

    private final SnapshotThread ownThread = new SnapshotThread();
    private final Executor compactions;
    /** Held while a job's snapshot is written or its files deleted, so the two never meet. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Refuses a write if a newer term exists: a deposed writer's snapshot would undo the new term's records. */
    private final Runnable checkTerm;

    /**
     * @param compactions runs the snapshot writes, one after another in the order given (a single thread, or the
     *                    caller's); null for a thread of its own
     */
    JournalCompactor(Executor compactions, Runnable checkTerm) {
        this.compactions = compactions != null ? compactions : ownThread;
        this.checkTerm = checkTerm;
    }

    /** Writes the snapshot after the writer's last record, then deletes the segments it covers. */
    void compact(JobFiles files, JournalWriter writer, JobRecord job) {
        long seq = writer.seq();
        compactions.execute(() -> {
            long bytes = -1;
            synchronized (lock(files.jobId())) {
                try {
                    if (!Files.isDirectory(files.dir())) return; // deleted meanwhile
                    // A snapshot replaces the whole record: a deposed writer's would undo the new term's.
                    checkTerm.run();
                    bytes = SnapshotFile.write(files.snapshot(), seq, job);
                    files.deleteSegmentsCoveredBy(seq);
                } catch (NoSuchFileException e) {
                    log.debug("job={} was deleted while its snapshot was written", files.jobId());
                } catch (Term.Superseded e) {
                    log.warn("job={}: not writing its snapshot: {}", files.jobId(), e.getMessage());
                } catch (IOException | RuntimeException e) {
                    log.warn("job={} cannot write its snapshot in {}: {}; its journal keeps growing until a later one"
                            + " is written", files.jobId(), files.dir(), e.toString());
                } finally {
                    writer.snapshotWritten(bytes);
                }
            }
        });
    }

    /** Deletes the job's files, waiting for a snapshot of it being written. */
    void delete(JobFiles files) throws IOException {
        synchronized (lock(files.jobId())) {
            try {
                DurableFiles.deleteTree(files.dir());
            } finally {
                locks.remove(files.jobId());
            }
        }
    }

    /** Waits for the snapshots being written on its own thread, and stops it. */
    void finish() {
        ownThread.finish();
    }

    private Object lock(String jobId) {
        return locks.computeIfAbsent(jobId, k -> new Object());
    }
}
