package io.warren.coordinator.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One worker's run of one attempt, as its events told it. An attempt may run more than once (the broker redelivers it
 * after a worker dies) and several attempts may run at once (a backup of a straggler, a retry after a timeout while the
 * silent worker is merely slow), so a task keeps every run, each with its own heartbeat. {@code status} is the latest
 * status message its heartbeats carried (a streaming command's {@code reporter:status:} line), or null;
 * {@code inputBytes} what a reduce's run said at its start it would read, or null.
 */
public record TaskRun(int attempt, String worker, Instant startedAt, Instant heartbeatAt, Instant endedAt,
                      Outcome outcome, String error, @JsonInclude(JsonInclude.Include.NON_NULL) String status,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Long inputBytes) {
    /** A worker's id is the same few strings over a job's many runs: one copy each, also in records read back. */
    public TaskRun {
        worker = worker == null ? null : worker.intern();
    }

    /** A run without a status message. */
    public TaskRun(int attempt, String worker, Instant startedAt, Instant heartbeatAt, Instant endedAt, Outcome outcome,
                   String error) {
        this(attempt, worker, startedAt, heartbeatAt, endedAt, outcome, error, null, null);
    }

    public enum Outcome {
        /** Started and heard from within the task timeout. */
        RUNNING,
        /** Its output won. */
        SUCCEEDED,
        /** Completed after another run had already won; its output is ignored. */
        DUPLICATE,
        /** The user's code threw. */
        FAILED,
        /** Silent for longer than the task timeout: the worker died, hung or lost the broker. */
        TIMED_OUT,
        /** The broker handed the same attempt to another worker, so this one lost its connection or died. */
        LOST,
        /** Still running when another run won, or denied the commit of its output; it will be ignored. */
        SUPERSEDED
    }

    public boolean isOpen() {
        return outcome == Outcome.RUNNING;
    }

    /** A heartbeat at {@code at}; {@code newStatus}, the run's latest status message, replaces the last if not null. */
    TaskRun beat(Instant at, String newStatus) {
        return new TaskRun(attempt, worker, startedAt, at, endedAt, outcome, error, newStatus != null ? newStatus : status,
                inputBytes);
    }

    TaskRun end(Instant at, Outcome how, String why) {
        return new TaskRun(attempt, worker, startedAt, heartbeatAt, at, how, why, status, inputBytes);
    }
}
