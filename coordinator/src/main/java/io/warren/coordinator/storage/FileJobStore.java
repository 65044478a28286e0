package io.warren.coordinator.storage;

import io.warren.coordinator.domain.Job;
import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.domain.Term;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Job records on the shared storage, each job as a snapshot plus a journal of the changes after it (docs/job-state.md).
 * A save appends one record and syncs it, so its cost follows the change, not the job; when the journal has grown to
 * {@link JournalWriter#SNAPSHOT_RATIO} times the snapshot, a new snapshot of the whole job is written in the background
 * and the journal it covers is deleted ({@link JournalCompactor}). One coordinator writes; any number of processes read at the same time, and always read a state the writer
 * saved at some flush.
 */
public final class FileJobStore implements JobStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileJobStore.class);
    /** Journals smaller than this are never folded into a snapshot: replaying them is quick anyway. */
    public static final long DEFAULT_MIN_JOURNAL_BYTES = 1 << 20;

    private final long minJournalBytes;
    private final JournalCompactor compactor;
    private final Map<String, JournalWriter> writers = new ConcurrentHashMap<>();
    private final JobFileReader reader;
    /** The term of the coordinator that writes through this store, from {@link #recover(Term)}; null for readers. */
    private volatile Term term;
    /** What this store read while its process stood by, for {@link #recover} to go on from; null if none. */
    private JobStandby standby;
    /** The unfinished jobs the standby kept up to date, by id, until {@link #restore} hands each over. */
    private final Map<String, JobStandby.KeptJob> kept = new ConcurrentHashMap<>();

    /** A store that writes snapshots on a thread of its own, once the journal reaches 1 MiB and 3 times the snapshot. */
    public FileJobStore(StorageLayout layout) {
        this(layout, DEFAULT_MIN_JOURNAL_BYTES, null);
    }

    /**
     * @param minJournalBytes the least journal worth folding into a new snapshot
     * @param compactions     runs the snapshot writes, one after another in the order given (a single thread, or the
     *                        caller's); null for a thread of the store's own
     */
    FileJobStore(StorageLayout layout, long minJournalBytes, Executor compactions) {
        if (minJournalBytes < 0) throw new IllegalArgumentException("minJournalBytes must be >= 0, got " + minJournalBytes);
        this.reader = new JobFileReader(layout);
        this.minJournalBytes = minJournalBytes;
        this.compactor = new JournalCompactor(compactions, this::checkTerm);
    }

    @Override
    public void save(JobChange change, Supplier<JobRecord> whole) {
        String jobId = change.jobId();
        JobFiles files = files(jobId);
        try {
            JournalWriter writer = writers.get(jobId);
            if (writer == null) {
                if (!files.onRecord()) {
                    create(files, whole.get());
                    return;
                }
                writer = open(files);
            }
            try {
                writer.append(change);
            } catch (IOException e) {
                writers.remove(jobId);
                closeQuietly(writer);
                throw e;
            }
            if (change.state().isTerminal()) {
                // The job is done changing: fold it into one file, and write no more.
                writers.remove(jobId);
                writer.close();
                compactor.compact(files, writer, whole.get());
            } else if (writer.wantsSnapshot(minJournalBytes)) {
                writer.roll();
                compactor.compact(files, writer, whole.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save job " + jobId + " under " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    private void create(JobFiles files, JobRecord job) throws IOException {
        checkTerm();
        Files.createDirectories(files.dir());
        DurableFiles.fsyncDirectory(files.dir().getParent()); // the job's directory itself survives a crash
        long bytes = SnapshotFile.write(files.snapshot(), 0, job);
        if (!job.state().isTerminal()) writers.put(files.jobId(), new JournalWriter(files, 0, bytes, epoch()));
    }

    /**
     * Follows every job on record, each read whole once and then record by record, every
     * {@link JobStandby#INTERVAL}, until the handle closes; {@link #recover(Term)} then reads only what was appended since
     * (docs/job-state.md#a-hot-standby).
     */
    @Override
    public Following standBy() {
        return standBy(JobStandby.INTERVAL);
    }

    synchronized JobStandby standBy(Duration interval) {
        if (standby != null) standby.close();
        standby = new JobStandby(this, interval, standby); // goes on from what an earlier standing by read
        return standby;
    }

    /** The standby's copy, stopped, for {@link #recover} to go on from; null if this process did not stand by. */
    private synchronized JobStandby takeStandby() {
        JobStandby followed = standby;
        standby = null;
        if (followed != null) followed.close();
        return followed;
    }

    /**
     * Every job on record, each made ready to be saved: an earlier writer's torn tail is cut off, damage is set aside
     * (see {@link JournalRepair#repair}), records of an earlier Warren version are converted, and the unfinished jobs
     * get a writer.
     * Jobs whose snapshot is damaged cannot be read: they are left out, with an error, and their files kept.
     */
    @Override
    public List<JobRecord> recover() {
        return recover(null);
    }

    /**
     * As {@link #recover()}, for the coordinator of {@code term}: each unfinished job's journal is fenced at once (the
     * term's own segment after its last record), and the store writes nothing more once a newer term exists.
     */
    @Override
    public List<JobRecord> recover(Term term) {
        this.term = term;
        writers.values().forEach(FileJobStore::closeQuietly);
        writers.clear();
        kept.clear();
        JobStandby followed = takeStandby();
        List<JobRecord> jobs = new ArrayList<>();
        for (String id : ids()) {
            JobFiles files = files(id);
            try {
                files.deleteLeftoverTemps();
                // If this process stood by, it goes on from what it read then, to the end of the files as they are
                // now: the same job, up to the same record, as a read of the whole (docs/job-state.md#a-hot-standby).
                JournalReplay.Replayed read = followed != null ? followed.catchUp(files) : JournalReplay.read(files);
                JournalReplay.Replayed r = JournalRepair.convertLegacy(files, JournalRepair.repair(files, read));
                if (r == null) continue;
                if (!r.job().state().isTerminal()) {
                    JournalWriter writer = new JournalWriter(files, r.seq(), r.snapshotBytes(), epoch());
                    if (term != null) writer.fence();
                    writers.put(id, writer);
                }
                jobs.add(r.job());
            } catch (IOException | UncheckedIOException e) {
                log.error("job={} cannot be read and is left alone, its files kept in {}: {}", id, files.dir(), e.getMessage());
            }
        }
        if (followed != null) {
            kept.putAll(followed.keptJobs());
            followed.tookOver(jobs.size());
        }
        jobs.sort(JobRecord.OLDEST_FIRST);
        return jobs;
    }

    /** The job the standby kept up to date, if {@code record} is the one it is of (not repaired since); else rebuilt. */
    @Override
    public Job restore(JobRecord record) {
        JobStandby.KeptJob k = kept.remove(record.jobId());
        return k != null && k.record() == record ? k.job() : Job.restore(record);
    }

    /** Opens one job for writing outside {@link #recover}: a job this store did not recover, saved again. */
    private JournalWriter open(JobFiles files) throws IOException {
        files.deleteLeftoverTemps();
        JournalReplay.Replayed r = JournalRepair.repair(files, JournalReplay.read(files));
        if (r == null) throw new NoSuchFileException(files.snapshot().toString(), null, "the job's record vanished");
        JournalWriter writer = new JournalWriter(files, r.seq(), r.snapshotBytes(), epoch());
        writers.put(files.jobId(), writer);
        return writer;
    }

    @Override
    public Optional<JobRecord> load(String jobId) {
        JobFiles files = files(jobId);
        try {
            return Optional.ofNullable(read(files)).map(JournalReplay.Replayed::job);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job " + jobId + " in " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a job as a reader does, while a writer may append and write snapshots ({@link JobFileReader#read}). */
    JournalReplay.Replayed read(JobFiles files) throws IOException {
        return reader.read(files);
    }

    @Override
    public List<String> ids() {
        return reader.ids();
    }

    @Override
    public void delete(String jobId) {
        checkTerm();
        JournalWriter writer = writers.remove(jobId);
        if (writer != null) closeQuietly(writer);
        try {
            compactor.delete(files(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the record of job " + jobId, e);
        }
    }

    /** Every job on record, oldest submission first. Unreadable records are skipped with a warning. */
    @Override
    public List<JobRecord> loadAll() {
        return reader.loadAll();
    }

    /** Stops writing: closes the journals and waits for the snapshots being written. */
    @Override
    public void close() {
        JobStandby followed = takeStandby();
        if (followed != null) followed.tookOver(0);
        writers.values().forEach(FileJobStore::closeQuietly);
        writers.clear();
        compactor.finish();
    }

    private long epoch() {
        Term t = term;
        return t == null ? 0 : t.epoch();
    }

    /** Refuses a write that would replace or remove a record if a newer term exists (see {@link Term#check}). */
    private void checkTerm() {
        Term t = term;
        if (t != null) t.check();
    }

    JobFiles files(String jobId) {
        return reader.files(jobId);
    }

    private static void closeQuietly(JournalWriter writer) {
        try {
            writer.close();
        } catch (IOException e) {
            log.debug("closing a journal: {}", e.toString());
        }
    }
}
