package io.warren.coordinator.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link JobStore} in memory that keeps each job as its changes replay onto its first whole record, and checks at
 * every save that this replay equals the live job: a change that leaves out something that changed fails the test that
 * made it.
 */
final class InMemoryJobStore implements JobStore {
    private final Map<String, JobRecord> records = new LinkedHashMap<>();
    /** While set, every save fails with this, as on a full disk. */
    private java.io.UncheckedIOException failure;
    private int failedSaves;
    private int saves;

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
            assertThat(new JobReplay(before).apply(change).result())
                    .as("job %s replayed from its last save and this change", change.jobId()).isEqualTo(now);
        }
        records.put(change.jobId(), now);
        saves++;
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
