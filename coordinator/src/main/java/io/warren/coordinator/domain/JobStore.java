package io.warren.coordinator.domain;

import java.util.List;
import java.util.Optional;

/** Durable job records: the coordinator's memory across restarts, and what {@code warren status} reads. */
public interface JobStore {
    void save(JobRecord job);

    Optional<JobRecord> load(String jobId);

    List<JobRecord> loadAll();

    /** The ids of every job on record, in no particular order; cheaper than loading them all. */
    default List<String> ids() {
        return loadAll().stream().map(JobRecord::jobId).toList();
    }

    /** Forgets an ended job: its record and whatever else the store keeps for it. */
    void delete(String jobId);
}
