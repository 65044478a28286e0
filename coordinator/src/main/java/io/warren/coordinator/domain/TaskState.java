package io.warren.coordinator.domain;

import io.warren.protocol.Phase;

/**
 * A task's life. PENDING is idle (never sent), PARKED is waiting again (a reduce whose input is being made again),
 * DISPATCHED and RUNNING are in progress, SUCCEEDED is completed.
 * <pre>
 * PENDING -dispatch-> DISPATCHED -started-> RUNNING -completed-> SUCCEEDED
 * DISPATCHED|RUNNING -completed (any attempt)-> SUCCEEDED
 * RUNNING -no run alive, an attempt on the queue-> DISPATCHED
 * DISPATCHED|RUNNING -failed or heartbeat deadline passed-> DISPATCHED (next attempt) or FAILED (attempts used up)
 * SUCCEEDED -output lost (a reduce could not read it)-> DISPATCHED   (map tasks only: made again)
 * DISPATCHED|RUNNING -its input is being made again-> PARKED        (reduce tasks only)
 * PARKED -the maps succeeded again-> DISPATCHED
 * </pre>
 * A state never moves to itself: a retry of a DISPATCHED task changes its attempt, not its state. See
 * docs/task-lifecycle.md.
 */
public enum TaskState {
    PENDING, PARKED, DISPATCHED, RUNNING, SUCCEEDED, FAILED;

    /** Whether a task of {@code phase} may move from this state to {@code next}: the lifecycle's moves, and no other. */
    boolean canMoveTo(TaskState next, Phase phase) {
        return switch (this) {
            case PENDING, PARKED -> next == DISPATCHED;
            case DISPATCHED -> next == RUNNING || next == SUCCEEDED || next == FAILED || parks(next, phase);
            case RUNNING -> next == DISPATCHED || next == SUCCEEDED || next == FAILED || parks(next, phase);
            case SUCCEEDED -> next == DISPATCHED && phase == Phase.MAP;
            case FAILED -> false;
        };
    }

    private static boolean parks(TaskState next, Phase phase) {
        return next == PARKED && phase == Phase.REDUCE;
    }

    /** Finished, for now: a succeeded map task is made again only if its output is lost. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }

    public boolean isInProgress() {
        return this == DISPATCHED || this == RUNNING;
    }
}
