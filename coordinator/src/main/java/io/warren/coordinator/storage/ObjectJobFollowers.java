package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobReader;
import io.warren.coordinator.domain.JobRecord;
import io.warren.storage.ObjectStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads jobs on a bucket for a view that asks again and again, as the status page does every two seconds: what
 * {@link JobFollowers} does on files. Each job is read whole once (its newest snapshot and the records after it);
 * after that a look lists the job's records (one request) and reads only those written since the last look, one GET
 * each, or the job whole again if a newer snapshot replaced the records in between. It keeps the last
 * {@code capacity} jobs read; each look is made for the request that asks (nothing is read for jobs nobody looks at).
 */
final class ObjectJobFollowers implements JobReader {
    private final ObjectStore work;
    private final ObjectJobStore store;
    private final ObjectJournalReader reader;
    private final Map<String, ObjectJournalReader.Reading> read;

    ObjectJobFollowers(ObjectStore work, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        this.work = work;
        this.store = new ObjectJobStore(work);
        this.reader = new ObjectJournalReader(work);
        this.read = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ObjectJournalReader.Reading> eldest) {
                return size() > capacity;
            }
        };
    }

    /** One look at a time: a reading's replay is changed in place as it goes on. */
    @Override
    public synchronized Optional<JobRecord> load(String jobId) {
        ObjectJournalReader.Reading last = read.remove(jobId); // if this look fails, the next one reads the job whole
        try {
            ObjectJournalReader.Reading now = reader.readOn(jobId, last);
            if (now == null) return Optional.empty();
            read.put(jobId, now);
            return Optional.of(now.job());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job " + jobId + " in " + work.uri(StateKeys.dir(jobId)) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<String> ids() {
        return store.ids();
    }
}
