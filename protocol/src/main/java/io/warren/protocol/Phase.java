package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The two kinds of task. On the wire as {@code "map"} and {@code "reduce"}. */
public enum Phase {
    MAP, REDUCE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** How logs, events and the status page name task {@code number} of this phase: {@code map-3}, {@code reduce-0}. */
    public String taskId(int number) {
        return wireName() + "-" + number;
    }
}
