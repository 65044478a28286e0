package io.warren.coordinator.pipeline;

import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.JobSpec;

import java.util.Optional;

/**
 * The jobs underneath a pipeline: what {@link PipelineRunner} needs of the coordinator's job scheduling, and nothing
 * of how it schedules tasks.
 */
public interface StepJobs {
    /**
     * Submits a step's job, exactly as any job is submitted: a spec already accepted is ignored.
     *
     * @throws RuntimeException with a message for the user when the job id is taken by another job
     */
    void submit(JobSpec job);

    /**
     * Checks a step's job before the pipeline starts: everything but its inputs (which a later step's are not yet).
     *
     * @throws RuntimeException with a message for the user when the job could not run
     */
    void check(JobSpec job);

    /** Cancels a running job; false if it is not running. */
    boolean cancel(String jobId, String reason);

    /** The job's record, if it is on record. */
    Optional<JobRecord> job(String jobId);
}
