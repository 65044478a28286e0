package io.warren.coordinator.pipeline;

import io.warren.protocol.JobState;

import java.time.Instant;

/**
 * One step of a pipeline as it is kept: the job that runs it, where it writes (a storage path; {@code intermediate}
 * when that is inside the pipeline's own directory), and how it went. {@code state} is null until the step starts,
 * then its job's state as last heard. A step moves as its job does, though it may hear of only some of the job's
 * moves: not started {@code -> MAPPING -> REDUCING -> SUCCEEDED | FAILED | CANCELLED}, and from {@code MAPPING}
 * straight to an end; every verb goes through one guarded move.
 */
public record StepRecord(String name, String jobId, String output, boolean intermediate, JobState state,
                         Instant startedAt, Instant finishedAt, String error) {
    /** Whether a step may move from {@code from} (null: not started) to {@code next}. */
    static boolean canMove(JobState from, JobState next) {
        if (from == null) return next == JobState.MAPPING;
        return switch (from) {
            case MAPPING -> next != JobState.MAPPING;
            case REDUCING -> next.isTerminal();
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }

    /** Its job was submitted. */
    public StepRecord started(Instant at) {
        return moveTo(JobState.MAPPING, at, null, null);
    }

    /** Its job moved on, to {@code next}: a phase, not an end. */
    StepRecord heard(JobState next) {
        if (next.isTerminal()) throw new IllegalArgumentException("a step's end comes with ended(), not " + next);
        return moveTo(next, startedAt, null, null);
    }

    /** Its job ended so. */
    public StepRecord ended(JobState end, String reason, Instant at) {
        if (!end.isTerminal()) throw new IllegalArgumentException("a step ends in an end state, not " + end);
        return moveTo(end, startedAt, at, reason);
    }

    private StepRecord moveTo(JobState next, Instant started, Instant finished, String reason) {
        if (!canMove(state, next)) {
            throw new IllegalStateException("step " + name + " (job " + jobId + ") cannot move from "
                    + (state == null ? "not started" : state) + " to " + next);
        }
        return new StepRecord(name, jobId, output, intermediate, next, started, finished, reason);
    }
}
