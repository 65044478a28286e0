package io.warren.coordinator.domain;

import java.time.Instant;

/**
 * One worker's run of one attempt, as its events told it. An attempt may run more than once (the broker redelivers it
 * after a worker dies), so a task keeps every run: that is how tests and operators see what really happened.
 */
public record TaskRun(int attempt, String worker, Instant startedAt, Instant endedAt, Outcome outcome, String error) {
    public enum Outcome { RUNNING, SUCCEEDED, DUPLICATE, FAILED, TIMED_OUT, SUPERSEDED }

    TaskRun end(Instant at, Outcome how, String why) {
        return new TaskRun(attempt, worker, startedAt, at, how, why);
    }
}
