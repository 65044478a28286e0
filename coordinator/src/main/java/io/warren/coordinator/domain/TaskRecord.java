package io.warren.coordinator.domain;

import io.warren.protocol.Phase;

import java.time.Instant;
import java.util.List;

/** A task as it is persisted in {@code job.json} and shown by {@code warren status}. */
public record TaskRecord(Phase phase, int number, TaskState state, int attempt, String worker, Instant dispatchedAt,
                         Instant startedAt, Instant heartbeatAt, Instant finishedAt, String winner, String error,
                         String errorDetail, List<TaskRun> runs) {
    public TaskRecord {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }
}
