package io.warren.coordinator.domain;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * A task's attempts: the latest one published ({@link #current}), those still waiting on the queue, how many were
 * backups, when the latest went out, and the highest one the broker confirmed holding. A new attempt tells the task it
 * changed; taking one off the queue goes with a run's start or end, which tells it already.
 */
final class TaskAttempts {
    private final Runnable changed;
    private int current;
    /** Attempts on the queue, not yet taken; null when none (most tasks, most of the time). */
    private TreeSet<Integer> queued;
    private int backups;
    /** The highest attempt whose message the broker confirmed holding: no later publish can lose it. */
    private int confirmed;
    private Instant dispatchedAt;

    TaskAttempts(TaskRecord r, Runnable changed) {
        this.changed = changed;
        this.current = r.attempt();
        this.queued = r.queuedAttempts().isEmpty() ? null : new TreeSet<>(r.queuedAttempts());
        this.backups = r.backups();
        this.confirmed = r.confirmedAttempt();
        this.dispatchedAt = r.dispatchedAt();
    }

    /** The next attempt goes out. */
    void next(Instant now) {
        changed.run();
        current++;
        if (queued == null) queued = new TreeSet<>();
        queued.add(current);
        dispatchedAt = now;
    }

    /** The next attempt goes out as a backup of a straggler. */
    void backUp(Instant now) {
        backups++;
        next(now);
    }

    /** A worker took {@code attempt} off the queue, or it ended. */
    void taken(int attempt) {
        if (queued != null && queued.remove(attempt) && queued.isEmpty()) queued = null;
    }

    /** No attempt waits on the queue any more: the task finished, or was parked. */
    void dropQueued() {
        queued = null;
    }

    boolean anyQueued() {
        return queued != null;
    }

    /** @return whether this raised the confirmed attempt */
    boolean confirmed(int attempt) {
        if (attempt <= confirmed) return false;
        confirmed = attempt;
        return true;
    }

    /** Whether the current attempt may never have reached the broker: its publish was not confirmed. */
    boolean unconfirmed() {
        return current > confirmed;
    }

    int current() {
        return current;
    }

    int confirmedAttempt() {
        return confirmed;
    }

    List<Integer> queued() {
        return queued == null ? List.of() : List.copyOf(queued);
    }

    int backups() {
        return backups;
    }

    Instant dispatchedAt() {
        return dispatchedAt;
    }
}
