package io.warren.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * Progress of one job, published by the coordinator on the progress exchange with routing key {@code job.<jobId>}
 * whenever a task finishes or the job changes state. Not durable: a client that missed some reads status instead.
 * {@code counters} holds the job's built-in counters so far (such as {@code map.input.bytes}), summed over the tasks
 * that succeeded; a client derives throughput from them. A pipeline's updates (routing key {@code job.<pipelineId>})
 * carry the {@code step} they concern.
 */
public record JobUpdate(String jobId, JobState state, int mapsDone, int maps, int reducesDone, int reduces,
                        String message, Instant at,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                        Map<String, Long> counters,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        Step step) implements Versioned {
    /**
     * In an update of a pipeline, the step it is in: its name, its number from 1, how many steps there are, and the
     * state of the step's job. The update's counts and counters are then that job's, and the update's own state is
     * the pipeline's: terminal only when the whole pipeline has ended.
     */
    public record Step(String name, int number, int of, JobState state) {
        public Step {
            if (number < 1 || number > of) throw new IllegalArgumentException("step " + number + " of " + of);
        }
    }

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

    public JobUpdate(String jobId, JobState state, int mapsDone, int maps, int reducesDone, int reduces, String message,
                     Instant at, Map<String, Long> counters) {
        this(jobId, state, mapsDone, maps, reducesDone, reduces, message, at, counters, null);
    }

    /** This update as one of pipeline {@code pipelineId}'s, in {@code step}, with {@code state} and {@code message}. */
    public JobUpdate asStep(String pipelineId, Step step, JobState state, String message) {
        return new JobUpdate(pipelineId, state, mapsDone, maps, reducesDone, reduces, message, at, counters, step);
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
