package io.warren.protocol;

import java.util.Objects;

/**
 * The part of one input file a map task reads: bytes {@code [start, start + length)}, extended to whole lines (a task
 * owns every line that starts inside its range). {@code path} is relative to the storage root unless absolute.
 */
public record InputSplit(String path, long start, long length) {
    public InputSplit {
        Objects.requireNonNull(path, "path is required");
        if (start < 0) throw new IllegalArgumentException("start must be >= 0, got " + start);
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, got " + length);
    }

    public static InputSplit wholeFile(String path, long size) {
        return new InputSplit(path, 0, size);
    }
}
