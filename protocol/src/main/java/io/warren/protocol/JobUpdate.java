package io.warren.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * Progress of one job, published by the coordinator on the progress exchange with routing key {@code job.<jobId>}
 * whenever a task finishes or the job changes state. Not durable: a client that missed some reads status instead.
 * {@code counters} holds the job's built-in counters so far (such as {@code map.input.bytes}), summed over the tasks
 * that succeeded; a client derives throughput from them.
 */
public record JobUpdate(String jobId, JobState state, int mapsDone, int maps, int reducesDone, int reduces,
                        String message, Instant at,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                        Map<String, Long> counters) implements Versioned {
    public JobUpdate {
        JobIds.check(jobId);
        if (state == null) throw new IllegalArgumentException("state is required");
        message = message == null ? "" : message;
        counters = counters == null ? Map.of() : Map.copyOf(counters);
    }

    public JobUpdate(String jobId, JobState state, int mapsDone, int maps, int reducesDone, int reduces, String message,
                     Instant at) {
        this(jobId, state, mapsDone, maps, reducesDone, reduces, message, at, Map.of());
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
