package io.warren.coordinator.domain;

import io.warren.protocol.JobState;

import java.time.Instant;
import java.util.List;

/**
 * What one save of a job adds to what its store already holds: the job's own fields, which are few, and each task that
 * changed since the last save, whole. A store keeps them in order after the job's first whole record; replaying them
 * onto it ({@link JobReplay}) gives the job as it was at each save. A save therefore costs O(changed tasks), whatever
 * the job's size.
 */
public record JobChange(String jobId, JobState state, Instant finishedAt, String error, String errorDetail,
                        List<TaskRecord> tasks) {
    public JobChange {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
