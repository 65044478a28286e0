package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobReplay;
import io.warren.storage.ObjectStore;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.TreeMap;

import static io.warren.coordinator.storage.StateKeys.dir;
import static io.warren.coordinator.storage.StateKeys.snapshotKey;

/**
 * Reads a job's records on a bucket ({@link ObjectJobStore}): whole, from its newest snapshot and the records after it
 * up to the first missing number, or on from an earlier reading, applying only the records written since. The one
 * reader of those objects, for the store and for the status page's followers ({@link ObjectJobFollowers}).
 */
final class ObjectJournalReader {
    private static final int READ_ATTEMPTS = 5;

    private final ObjectStore work;

    ObjectJournalReader(ObjectStore work) {
        this.work = work;
    }

    /**
     * A job as read: the last record applied and the snapshot under it, the bytes of the snapshot and of the records
     * applied after it, and the replay to go on from (changed in place by {@link #readOn}: a reading is for one reader).
     */
    record Reading(long seq, long snapshot, long snapshotBytes, long journalBytes, JobReplay replay, JobRecord job) {
    }

    /**
     * The job whole; null if it is not on record. A listing that a compaction overtook (a listed object gone) is read
     * again.
     */
    Reading read(String jobId) throws IOException {
        return readOn(jobId, null);
    }

    /**
     * The job as {@code last} left it plus the records written since, each read once; whole again if a snapshot newer
     * than {@code last} was written since (the records in between are deleted), or if {@code last} is null. Null if the
     * job is no longer on record.
     */
    Reading readOn(String jobId, Reading last) throws IOException {
        for (int attempt = 1; ; attempt++) {
            long snapshot = -1;
            TreeMap<Long, String> journal = new TreeMap<>();
            for (ObjectStore.StoredObject o : work.list(dir(jobId))) {
                snapshot = Math.max(snapshot, StateKeys.snapshotSeq(o.key()));
                long n = StateKeys.journalSeq(o.key());
                if (n >= 0) journal.put(n, o.key());
            }
            if (snapshot < 0) return null;
            try {
                if (last != null && snapshot <= last.seq()) return applied(journal, last);
                byte[] bytes = work.read(snapshotKey(jobId, snapshot));
                SnapshotFile.Entry base = StoredJson.MAPPER.readValue(bytes, SnapshotFile.Entry.class);
                return applied(journal, new Reading(snapshot, snapshot, bytes.length, 0, new JobReplay(base.job()),
                        base.job()));
            } catch (NoSuchFileException e) {
                if (attempt >= READ_ATTEMPTS) throw e;
                last = null; // a compaction came in between: read the job whole
            }
        }
    }

    /** {@code from} with the records after it that {@code journal} lists, in order, up to the first missing number. */
    private Reading applied(TreeMap<Long, String> journal, Reading from) throws IOException {
        // A job that ended is read from its snapshot alone: nothing is appended after its last record.
        if (from.job().state().isTerminal() || !journal.containsKey(from.seq() + 1)) return from;
        long seq = from.seq();
        long journalBytes = from.journalBytes();
        while (journal.containsKey(seq + 1)) {
            byte[] bytes = work.read(journal.get(seq + 1));
            JournalReplay.Entry e = StoredJson.MAPPER.readValue(bytes, JournalReplay.Entry.class);
            if (e.seq() != seq + 1) throw new IOException("record " + journal.get(seq + 1) + " says it is number " + e.seq());
            if (e.change() != null) from.replay().apply(e.change());
            seq++;
            journalBytes += bytes.length;
        }
        return new Reading(seq, from.snapshot(), from.snapshotBytes(), journalBytes, from.replay(),
                from.replay().result());
    }
}
