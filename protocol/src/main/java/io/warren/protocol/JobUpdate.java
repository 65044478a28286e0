package io.warren.protocol;

import java.time.Instant;

/**
 * Progress of one job, published by the coordinator on the progress exchange with routing key {@code job.<jobId>}
 * whenever a task finishes or the job changes state. Not durable: a client that missed some reads status instead.
 */
public record JobUpdate(String jobId, JobState state, int mapsDone, int maps, int reducesDone, int reduces,
                        String message, Instant at) implements Versioned {
    public JobUpdate {
        JobIds.check(jobId);
        if (state == null) throw new IllegalArgumentException("state is required");
        message = message == null ? "" : message;
    }
}
