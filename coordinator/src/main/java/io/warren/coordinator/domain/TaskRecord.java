package io.warren.coordinator.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.warren.protocol.Phase;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A task as it is persisted (in a job's snapshot, and whole in each journal record that changes it) and shown by
 * {@code warren status}: its state, the highest attempt published, attempts still waiting on the queue, backups
 * started, who won, the last error, every run, the winning run's counters, and the highest attempt the broker
 * confirmed holding ({@code confirmedAttempt}; 0 in records written before it was kept, which a new coordinator
 * treats as "maybe never published"), and the run granted a reduce's commit ({@code grant}; null while none is, and
 * in records written before the commit gate).
 */
public record TaskRecord(Phase phase, int number, TaskState state, int attempt, List<Integer> queuedAttempts,
                         int backups, Instant dispatchedAt, Instant finishedAt, String winner, String error,
                         String errorDetail, List<String> failedOn, List<TaskRun> runs, Map<String, Long> counters,
                         int confirmedAttempt, @JsonInclude(JsonInclude.Include.NON_NULL) CommitGrant grant) {
    /** A record that says nothing of what the broker confirmed. */
    public TaskRecord(Phase phase, int number, TaskState state, int attempt, List<Integer> queuedAttempts,
                      int backups, Instant dispatchedAt, Instant finishedAt, String winner, String error,
                      String errorDetail, List<String> failedOn, List<TaskRun> runs, Map<String, Long> counters) {
        this(phase, number, state, attempt, queuedAttempts, backups, dispatchedAt, finishedAt, winner, error,
                errorDetail, failedOn, runs, counters, 0);
    }

    /** A record without a commit grant. */
    public TaskRecord(Phase phase, int number, TaskState state, int attempt, List<Integer> queuedAttempts,
                      int backups, Instant dispatchedAt, Instant finishedAt, String winner, String error,
                      String errorDetail, List<String> failedOn, List<TaskRun> runs, Map<String, Long> counters,
                      int confirmedAttempt) {
        this(phase, number, state, attempt, queuedAttempts, backups, dispatchedAt, finishedAt, winner, error,
                errorDetail, failedOn, runs, counters, confirmedAttempt, null);
    }

    /** Records of earlier versions have a parked reduce PENDING, with attempts: it is PARKED. */
    public TaskRecord {
        if (phase == Phase.REDUCE && state == TaskState.PENDING && attempt > 0) state = TaskState.PARKED;
        counters = counters == null ? Map.of() : Map.copyOf(counters);
        queuedAttempts = queuedAttempts == null ? List.of() : List.copyOf(queuedAttempts);
        failedOn = failedOn == null ? List.of() : List.copyOf(failedOn);
        runs = runs == null ? List.of() : List.copyOf(runs);
        winner = winner == null ? null : winner.intern(); // a few workers win a job's many tasks
    }

    /** This record, with the broker holding {@code attempt} and every earlier one. */
    TaskRecord confirmed(int attempt) {
        if (attempt <= confirmedAttempt) return this;
        return new TaskRecord(phase, number, state, this.attempt, queuedAttempts, backups, dispatchedAt, finishedAt, winner,
                error, errorDetail, failedOn, runs, counters, attempt, grant);
    }

    /** The worker of the most recent run, if any. */
    public String worker() {
        return runs.isEmpty() ? null : runs.get(runs.size() - 1).worker();
    }

    public Instant startedAt() {
        return runs.stream().map(TaskRun::startedAt).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
