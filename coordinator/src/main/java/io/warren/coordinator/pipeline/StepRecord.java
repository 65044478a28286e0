package io.warren.coordinator.pipeline;

import io.warren.protocol.JobState;

import java.time.Instant;

/**
 * One step of a pipeline as it is kept: the job that runs it, where it writes (a storage path; {@code intermediate}
 * when that is inside the pipeline's own directory), and how it went. {@code state} is null until the step starts,
 * then its job's state as last heard.
 */
public record StepRecord(String name, String jobId, String output, boolean intermediate, JobState state,
                         Instant startedAt, Instant finishedAt, String error) {
    public StepRecord started(Instant at) {
        return new StepRecord(name, jobId, output, intermediate, JobState.MAPPING, at, null, null);
    }

    public StepRecord ended(JobState end, String reason, Instant at) {
        return new StepRecord(name, jobId, output, intermediate, end, startedAt, at, reason);
    }
}
