package io.warren.coordinator.domain;

import io.warren.protocol.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link JobStore} in memory that keeps each job as its changes replay onto its first whole record, and checks at
 * every save that this replay equals the live job (but for what saves leave out, {@link Deadlines}): a change that
 * leaves out something that changed fails the test that made it.
 */
final class InMemoryJobStore implements JobStore {
    private final Map<String, JobRecord> records = new LinkedHashMap<>();
    /** While set, every save fails with this, as on a full disk. */
    private java.io.UncheckedIOException failure;
    private int failedSaves;
    private int saves;
    private long tasksSaved;
    private long bytesSaved;

    void failSaves(java.io.UncheckedIOException e) {
        failure = e;
    }

    int failedSaves() {
        return failedSaves;
    }

    /** The saves that succeeded so far. */
    int saves() {
        return saves;
    }

    /** The task records the saves so far held, over all jobs: the first whole record of a job counts none. */
    long tasksSaved() {
        return tasksSaved;
    }

    /** The changes saved so far, over all jobs, as many bytes as they take in JSON (as a journal holds them). */
    long bytesSaved() {
        return bytesSaved;
    }

    /** The jobs as saved, by id; live, so a test may read it at any point. */
    Map<String, JobRecord> records() {
        return records;
    }

    @Override
    public void save(JobChange change, Supplier<JobRecord> whole) {
        if (failure != null) {
            failedSaves++;
            throw failure;
        }
        JobRecord before = records.get(change.jobId());
        JobRecord now = whole.get();
        if (before != null) {
            assertThat(Deadlines.without(new JobReplay(before).apply(change).result()))
                    .as("job %s replayed from its last save and this change", change.jobId())
                    .isEqualTo(Deadlines.without(now));
        }
        records.put(change.jobId(), now);
        saves++;
        tasksSaved += change.tasks().size();
        bytesSaved += Json.encode(change).length;
    }

    @Override
    public Optional<JobRecord> load(String jobId) {
        return Optional.ofNullable(records.get(jobId));
    }

    @Override
    public List<JobRecord> loadAll() {
        return new ArrayList<>(records.values());
    }

    @Override
    public void delete(String jobId) {
        records.remove(jobId);
    }
}
