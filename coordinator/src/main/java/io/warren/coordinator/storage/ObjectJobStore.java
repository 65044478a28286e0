package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.domain.Term;
import io.warren.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static io.warren.coordinator.storage.StateKeys.STATE;
import static io.warren.coordinator.storage.StateKeys.dir;
import static io.warren.coordinator.storage.StateKeys.journalKey;
import static io.warren.coordinator.storage.StateKeys.snapshotKey;

/**
 * Job records on the storage port, for a storage root that is a bucket (docs/job-state.md, "On a bucket"). A job is
 * a snapshot plus a journal, as in {@link FileJobStore}, but every record is an object of its own, written create-only
 * ({@code If-None-Match: *}): {@code state/<jobId>/snapshot-<seq>} and {@code state/<jobId>/journal-<seq>}, numbered
 * from the job's creation ({@link StateKeys}). An object is whole or absent, so there are no torn tails; and as each
 * record number can be written once, two coordinators can never both write the same journal entry. A new term fences
 * each unfinished job by writing the next record itself (an empty one) when it recovers: a deposed writer's next write
 * takes that number and is refused, and a write that is refused while a newer term exists is {@link Term.Superseded}.
 */
public final class ObjectJobStore implements JobStore {
    private static final Logger log = LoggerFactory.getLogger(ObjectJobStore.class);
    /** Journal records after which the job may be written whole again (see {@link JournalPosition#dueForSnapshot}). */
    static final int RECORDS_PER_SNAPSHOT = 64;

    private final ObjectStore work;
    private final ObjectJournalReader reader;
    private final int recordsPerSnapshot;
    private final Map<String, JournalPosition> writers = new ConcurrentHashMap<>();
    private volatile Term term;

    /** @param work the store rooted at Warren's work area */
    public ObjectJobStore(ObjectStore work) {
        this(work, RECORDS_PER_SNAPSHOT);
    }

    ObjectJobStore(ObjectStore work, int recordsPerSnapshot) {
        if (recordsPerSnapshot < 1) throw new IllegalArgumentException("recordsPerSnapshot must be >= 1, got " + recordsPerSnapshot);
        this.work = work;
        this.reader = new ObjectJournalReader(work);
        this.recordsPerSnapshot = recordsPerSnapshot;
    }

    @Override
    public void save(JobChange change, Supplier<JobRecord> whole) {
        String jobId = change.jobId();
        try {
            JournalPosition w = writers.get(jobId);
            if (w == null) {
                ObjectJournalReader.Reading r = reader.read(jobId);
                if (r == null) {
                    create(jobId, whole.get());
                    return;
                }
                w = position(r, r.seq() + 1);
                writers.put(jobId, w);
            }
            append(jobId, w, new JournalReplay.Entry(w.next(), epoch(), change));
            if (change.state().isTerminal()) {
                writers.remove(jobId); // the job is done changing: fold it into its snapshot, and write no more
                snapshot(jobId, w.next() - 1, whole.get());
            } else if (w.dueForSnapshot(recordsPerSnapshot)) {
                w.snapshotted(snapshot(jobId, w.next() - 1, whole.get()));
            }
        } catch (IOException e) {
            writers.remove(jobId); // the next save reads the job back, with this record if it did land
            throw new UncheckedIOException("cannot save job " + jobId + " under " + work.uri(dir(jobId)) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Where the journal of a job read as {@code r} stands, when its next record is {@code next}. */
    private static JournalPosition position(ObjectJournalReader.Reading r, long next) {
        return new JournalPosition(next, (int) (next - 1 - r.snapshot()), r.journalBytes(), r.snapshotBytes());
    }

    private void create(String jobId, JobRecord job) throws IOException {
        checkTerm();
        byte[] bytes = StoredJson.MAPPER.writeValueAsBytes(new SnapshotFile.Entry(0, job));
        if (!writeOnce(snapshotKey(jobId, 0), bytes)) refused(jobId, 0);
        if (!job.state().isTerminal()) writers.put(jobId, new JournalPosition(1, 0, 0, bytes.length));
    }

    private void append(String jobId, JournalPosition w, JournalReplay.Entry entry) throws IOException {
        byte[] bytes = StoredJson.MAPPER.writeValueAsBytes(entry);
        if (!writeOnce(journalKey(jobId, entry.seq()), bytes)) {
            writers.remove(jobId);
            refused(jobId, entry.seq());
        }
        w.appended(bytes.length);
    }

    /**
     * Writes a record create-only; whether this writer's bytes are the record. A server may answer a conditional write
     * that did land with a refusal (it retried a conflict), so a refusal is checked against what is there.
     */
    private boolean writeOnce(String key, byte[] bytes) throws IOException {
        if (work.writeOnce(key, bytes)) return true;
        try {
            return Arrays.equals(work.read(key), bytes);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Another writer holds this record number: a newer term (this one steps down) or, without one, a bug. */
    private void refused(String jobId, long seq) {
        checkTerm();
        throw new IllegalStateException("record " + seq + " of job " + jobId + " in " + work.uri(dir(jobId))
                + " was written by another coordinator");
    }

    /**
     * Writes the job whole as of record {@code seq}, then deletes the records and snapshots it covers.
     *
     * @return the snapshot's size, or 0 if it was not written
     */
    private long snapshot(String jobId, long seq, JobRecord job) {
        try {
            checkTerm();
            // Each number is written once, by whichever term wrote the record, so any snapshot at seq is this one.
            byte[] bytes = StoredJson.MAPPER.writeValueAsBytes(new SnapshotFile.Entry(seq, job));
            work.writeOnce(snapshotKey(jobId, seq), bytes);
            for (ObjectStore.StoredObject o : work.list(dir(jobId))) {
                long n = StateKeys.journalSeq(o.key());
                long s = StateKeys.snapshotSeq(o.key());
                if ((n >= 0 && n <= seq) || (s >= 0 && s < seq)) work.delete(o.key());
            }
            return bytes.length;
        } catch (Term.Superseded e) {
            log.warn("job={}: not writing its snapshot: {}", jobId, e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.warn("job={} cannot write its snapshot in {}: {}; its journal keeps growing until a later one is"
                    + " written", jobId, work.uri(dir(jobId)), e.toString());
        }
        return 0;
    }

    @Override
    public List<JobRecord> recover() {
        return recover(null);
    }

    /** Reads every job; for the coordinator of {@code term}, fences each unfinished one with its next record. */
    @Override
    public List<JobRecord> recover(Term term) {
        this.term = term;
        writers.clear();
        List<JobRecord> jobs = new ArrayList<>();
        for (String id : ids()) {
            try {
                ObjectJournalReader.Reading r = reader.read(id);
                while (r != null && !r.job().state().isTerminal() && term != null) {
                    term.check(); // a term that lost a fence to a newer one must not fence after it
                    long fence = r.seq() + 1;
                    if (writeOnce(journalKey(id, fence),
                            StoredJson.MAPPER.writeValueAsBytes(new JournalReplay.Entry(fence, term.epoch(), null)))) {
                        writers.put(id, position(r, fence + 1));
                        break;
                    }
                    r = reader.read(id); // the deposed writer wrote that record just now: it is history, read it
                }
                if (r == null) continue;
                if (term == null && !r.job().state().isTerminal()) writers.put(id, position(r, r.seq() + 1));
                jobs.add(r.job());
            } catch (IOException | UncheckedIOException e) {
                log.error("job={} cannot be read and is left alone in {}: {}", id, work.uri(dir(id)), e.getMessage());
            }
        }
        jobs.sort(JobRecord.OLDEST_FIRST);
        return jobs;
    }

    @Override
    public Optional<JobRecord> load(String jobId) {
        try {
            return Optional.ofNullable(reader.read(jobId)).map(ObjectJournalReader.Reading::job);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job " + jobId + " in " + work.uri(dir(jobId)) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobRecord> loadAll() {
        List<JobRecord> jobs = new ArrayList<>();
        for (String id : ids()) {
            try {
                load(id).ifPresent(jobs::add);
            } catch (UncheckedIOException e) {
                log.warn("skipping unreadable job record of {}: {}", id, e.getMessage());
            }
        }
        jobs.sort(JobRecord.OLDEST_FIRST);
        return jobs;
    }

    @Override
    public List<String> ids() {
        try {
            TreeSet<String> ids = new TreeSet<>();
            for (ObjectStore.StoredObject o : work.list(STATE)) {
                String id = StateKeys.jobOfSnapshot(o.key());
                if (id != null) ids.add(id);
            }
            return List.copyOf(ids);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + work.uri(STATE) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String jobId) {
        checkTerm();
        writers.remove(jobId);
        try {
            work.deletePrefix(dir(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the record of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private long epoch() {
        Term t = term;
        return t == null ? 0 : t.epoch();
    }

    private void checkTerm() {
        Term t = term;
        if (t != null) t.check();
    }
}
