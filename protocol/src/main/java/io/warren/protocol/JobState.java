package io.warren.protocol;

/**
 * A job's life, every legal move in {@link #canMoveTo}:
 * <pre>
 * MAPPING -every map succeeded-> REDUCING -every reduce succeeded, output committed-> SUCCEEDED
 * MAPPING|REDUCING -a task used up its attempts, or the job cannot go on-> FAILED
 * MAPPING|REDUCING -warren cancel-> CANCELLED
 * </pre>
 * A job refused at submission is created FAILED; the three end states are final.
 */
public enum JobState {
    MAPPING, REDUCING, SUCCEEDED, FAILED, CANCELLED;

    /** Whether a job may move from this state to {@code next}: the moves above, and no other. */
    public boolean canMoveTo(JobState next) {
        return switch (this) {
            case MAPPING -> next == REDUCING || next == FAILED || next == CANCELLED;
            case REDUCING -> next == SUCCEEDED || next == FAILED || next == CANCELLED;
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
