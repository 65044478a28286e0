package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * The part of one input file a map task reads: bytes {@code [start, start + length)}, extended to whole lines (a task
 * owns every line that starts inside its range). {@code path} is relative to the storage root unless absolute.
 * {@code mapper} (optional, added later) names the job's mapper for this file's input, for a job that reads several
 * data sets each its own way; without it the job's default mapper runs.
 */
public record InputSplit(String path, long start, long length, @JsonInclude(JsonInclude.Include.NON_NULL) String mapper) {
    public InputSplit {
        Objects.requireNonNull(path, "path is required");
        if (start < 0) throw new IllegalArgumentException("start must be >= 0, got " + start);
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, got " + length);
        if (mapper != null && mapper.isBlank()) throw new IllegalArgumentException("mapper must not be blank");
    }

    public InputSplit(String path, long start, long length) {
        this(path, start, length, null);
    }

    public static InputSplit wholeFile(String path, long size) {
        return new InputSplit(path, 0, size);
    }

    /** The file's input's mapper, by name; null for the job's default one. */
    public InputSplit withMapper(String name) {
        return new InputSplit(path, start, length, name);
    }

    /** Bytes {@code [from, from + bytes)} of the same file, read by the same mapper. */
    public InputSplit part(long from, long bytes) {
        return new InputSplit(path, from, bytes, mapper);
    }
}
