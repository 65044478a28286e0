package io.warren.coordinator.domain;

/**
 * A task's life. In the words: PENDING is idle, DISPATCHED and RUNNING are in progress, SUCCEEDED is completed.
 * <pre>
 * PENDING -dispatch-> DISPATCHED -started-> RUNNING -completed-> SUCCEEDED
 * DISPATCHED|RUNNING -completed (any attempt)-> SUCCEEDED
 * DISPATCHED|RUNNING -failed or heartbeat deadline passed-> DISPATCHED (next attempt) or FAILED (attempts used up)
 * </pre>
 * See docs/task-lifecycle.md.
 */
public enum TaskState {
    PENDING, DISPATCHED, RUNNING, SUCCEEDED, FAILED;

    boolean canMoveTo(TaskState next) {
        return switch (this) {
            case PENDING -> next == DISPATCHED;
            case DISPATCHED -> next == RUNNING || next == DISPATCHED || next == SUCCEEDED || next == FAILED;
            case RUNNING -> next == SUCCEEDED || next == FAILED || next == DISPATCHED;
            case SUCCEEDED, FAILED -> false;
        };
    }

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }

    public boolean isInProgress() {
        return this == DISPATCHED || this == RUNNING;
    }
}
