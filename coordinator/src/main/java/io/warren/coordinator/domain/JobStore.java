package io.warren.coordinator.domain;

import java.util.List;
import java.util.Optional;

/** Durable job records: the coordinator's memory across restarts, and what {@code warren status} reads. */
public interface JobStore {
    void save(JobRecord job);

    Optional<JobRecord> load(String jobId);

    List<JobRecord> loadAll();

    /** Forgets an ended job: its record and whatever else the store keeps for it. */
    void delete(String jobId);
}
