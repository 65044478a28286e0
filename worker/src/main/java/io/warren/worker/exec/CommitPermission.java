package io.warren.worker.exec;

import io.warren.protocol.ReduceTask;

/**
 * Asks whether a reduce attempt that wrote its output, still pending, may commit it: the coordinator grants one
 * attempt of a task (docs/fencing.md). Returns when it may; throws when it may not or when no answer came in time, and
 * the output is then discarded.
 */
public interface CommitPermission {
    /**
     * @param progress ticked while waiting, so the run's heartbeats go on
     * @throws CommitDenied        if another attempt commits, or the task needs no commit any more
     * @throws CommitUnanswered    if no answer came within the bound (the worker is cut off from the broker)
     * @throws InterruptedException if the task was abandoned meanwhile (its job ended)
     */
    void await(ReduceTask task, Progress progress) throws InterruptedException;
}
