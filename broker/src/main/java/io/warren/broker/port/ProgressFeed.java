package io.warren.broker.port;

import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;

import java.util.function.Consumer;

/** Per-job progress, fanned out to whoever follows the job. Best effort: a follower that misses updates reads status. */
public interface ProgressFeed {
    void publish(JobUpdate update);

    /** Receives the updates of one job from now on; subscribe before submitting to see them all. */
    Subscription follow(String jobId, Consumer<JobUpdate> listener);

    /**
     * As {@link #follow(String, Consumer)} for a job about to be submitted with this spec, and also receives a
     * {@link #refuse refusal} of this very spec.
     */
    Subscription follow(JobSpec spec, Consumer<JobUpdate> listener);

    /** Tells the submitter of this spec, and nobody else, that it was refused and why. */
    void refuse(JobSpec spec, JobUpdate refusal);
}
