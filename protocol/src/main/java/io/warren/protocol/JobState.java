package io.warren.protocol;

/** A job's life: MAPPING -> REDUCING -> SUCCEEDED, or FAILED from anywhere (including at submission). */
public enum JobState {
    MAPPING, REDUCING, SUCCEEDED, FAILED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
