package io.warren.coordinator.domain;

/**
 * A task's life. In the words: PENDING is idle, DISPATCHED and RUNNING are in progress, SUCCEEDED is completed.
 * <pre>
 * PENDING -dispatch-> DISPATCHED -started-> RUNNING -completed-> SUCCEEDED
 * DISPATCHED|RUNNING -completed (any attempt)-> SUCCEEDED
 * DISPATCHED|RUNNING -failed or heartbeat deadline passed-> DISPATCHED (next attempt) or FAILED (attempts used up)
 * SUCCEEDED -output lost (a reduce could not read it)-> DISPATCHED   (map tasks only: made again)
 * DISPATCHED|RUNNING -its input is being made again-> PENDING       (reduce tasks only: parked)
 * </pre>
 * See docs/task-lifecycle.md.
 */
public enum TaskState {
    PENDING, DISPATCHED, RUNNING, SUCCEEDED, FAILED;

    boolean canMoveTo(TaskState next) {
        return switch (this) {
            case PENDING -> next == DISPATCHED;
            case DISPATCHED -> true;
            case RUNNING -> next != RUNNING;
            case SUCCEEDED -> next == DISPATCHED;
            case FAILED -> false;
        };
    }

    /** Finished, for now: a succeeded map task is made again only if its output is lost. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }

    public boolean isInProgress() {
        return this == DISPATCHED || this == RUNNING;
    }
}
