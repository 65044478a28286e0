package io.warren.worker.exec;

import io.warren.worker.io.Codec;

import java.nio.file.Path;

/**
 * How a worker runs tasks.
 *
 * @param sortBufferBytes memory for a map task's pairs before they are sorted and spilled
 * @param codec           compression of intermediate files
 * @param localDir        private scratch space for spills and merge passes (local disk, not shared storage)
 * @param mergeFactor     runs merged at once; more inputs are merged in several passes, so memory stays bounded
 * @param maxRecordBytes  the largest input line (or whole file) and the largest emitted pair; larger fails the task
 *                        with a clear reason instead of exhausting the heap
 * @param confined        read inputs and write outputs only inside the storage root, whatever a task message says
 *                        (off only in local mode, where paths are the user's own)
 */
public record ExecSettings(long sortBufferBytes, Codec codec, Path localDir, int mergeFactor, int maxRecordBytes,
                           boolean confined) {
    public static final int DEFAULT_MAX_RECORD = 64 << 20;

    public static final long DEFAULT_SORT_BUFFER = 64L << 20;
    public static final Codec DEFAULT_CODEC = Codec.LZ4;
    public static final int DEFAULT_MERGE_FACTOR = 64;

    public ExecSettings {
        if (sortBufferBytes < 1024) throw new IllegalArgumentException("sort buffer must be at least 1 KiB, got " + sortBufferBytes);
        if (mergeFactor < 2) throw new IllegalArgumentException("merge factor must be >= 2, got " + mergeFactor);
        if (maxRecordBytes < 1) throw new IllegalArgumentException("max record size must be >= 1, got " + maxRecordBytes);
    }

    public ExecSettings(long sortBufferBytes, Codec codec, Path localDir, int mergeFactor) {
        this(sortBufferBytes, codec, localDir, mergeFactor, DEFAULT_MAX_RECORD, true);
    }

    public ExecSettings unconfined() {
        return new ExecSettings(sortBufferBytes, codec, localDir, mergeFactor, maxRecordBytes, false);
    }

    public static ExecSettings defaults(Path localDir) {
        return new ExecSettings(DEFAULT_SORT_BUFFER, DEFAULT_CODEC, localDir, DEFAULT_MERGE_FACTOR);
    }
}
