package io.warren.coordinator.domain;

import java.util.List;
import java.util.Optional;

/** Reads job records: what a view of the jobs (the status page, {@code warren status}) needs of a {@link JobStore}. */
public interface JobReader {
    Optional<JobRecord> load(String jobId);

    /** The ids of every job on record, in no particular order; cheaper than loading them all. */
    List<String> ids();
}
