package io.warren.protocol.port;

import io.warren.protocol.JobUpdate;

import java.util.function.Consumer;

/** Per-job progress, fanned out to whoever follows the job. Best effort: a follower that misses updates reads status. */
public interface ProgressFeed {
    void publish(JobUpdate update);

    /** Receives the updates of one job from now on; subscribe before submitting to see them all. */
    Subscription follow(String jobId, Consumer<JobUpdate> listener);
}
