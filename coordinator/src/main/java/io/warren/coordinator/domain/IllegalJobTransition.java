package io.warren.coordinator.domain;

import io.warren.protocol.JobState;

/** A bug: some code asked a job for a move its life forbids (see {@link JobState#canMoveTo}). */
public class IllegalJobTransition extends IllegalStateException {
    private final String jobId;
    private final JobState from;
    private final JobState to;

    public IllegalJobTransition(String jobId, JobState from, JobState to) {
        super("job " + jobId + " cannot move from " + from + " to " + to);
        this.jobId = jobId;
        this.from = from;
        this.to = to;
    }

    public String jobId() {
        return jobId;
    }

    public JobState from() {
        return from;
    }

    public JobState to() {
        return to;
    }
}
