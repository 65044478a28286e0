package io.warren.protocol;

/**
 * A job's life: MAPPING -> REDUCING -> SUCCEEDED, or FAILED from anywhere (including at submission), or CANCELLED
 * by {@code warren cancel}.
 */
public enum JobState {
    MAPPING, REDUCING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
