package io.warren.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Optional;

/**
 * The storage port: the few operations Warren needs from wherever a job's files live, a local (or NFS) directory or an
 * S3 bucket. Objects are named by keys relative to the store's root, {@code /}-separated ({@code jobs/j1/intermediate/
 * w1-0-3}); a key never starts with {@code /} and has no empty, {@code .} or {@code ..} segment, so a store cannot be
 * left through its keys. A new object becomes visible whole or not at all ({@link PendingObject}), which is what makes
 * a crashed or duplicate attempt harmless.
 *
 * <p>S3 has no directories; a "directory" here ({@link #makeDirectory}) is what a job's liveness hangs on: a real
 * directory on a file system, a zero-byte marker object named {@code <key>/} on S3 (the convention S3 consoles use).
 * Markers and in-progress writes are never listed.
 */
public interface ObjectStore {

    /** The key's location as a person or a message names it: a file path, or {@code s3://bucket/key}. */
    String uri(String key);

    /** Every complete object whose key starts with {@code prefix} ({@code ""}: all), at any depth, sorted by key. */
    List<StoredObject> list(String prefix) throws IOException;

    /** The object's size, or empty when there is none. */
    Optional<Long> size(String key) throws IOException;

    default boolean exists(String key) throws IOException {
        return size(key).isPresent();
    }

    /**
     * Reads {@code length} bytes from {@code offset} (fewer at the end of the object); {@code length} {@code < 0}
     * reads to the end.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such object
     */
    InputStream open(String key, long offset, long length) throws IOException;

    default InputStream open(String key) throws IOException {
        return open(key, 0, -1);
    }

    /** The object's bytes from {@code offset} to its end, as a channel (a file's own, on a file system). */
    default ReadableByteChannel channel(String key, long offset) throws IOException {
        return Channels.newChannel(open(key, offset, -1));
    }

    default byte[] read(String key) throws IOException {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        }
    }

    /** A new object under {@code key}, invisible until committed; closing it uncommitted discards it. */
    PendingObject create(String key) throws IOException;

    /** Writes small content under {@code key} at once, replacing what was there. */
    default void write(String key, byte[] content) throws IOException {
        try (PendingObject out = create(key)) {
            out.write(content);
            out.commit();
        }
    }

    /**
     * Writes small content under {@code key} only if no object has that key (create-only), atomically: of two
     * writers, exactly one wins.
     *
     * @return whether this call wrote it
     */
    default boolean writeOnce(String key, byte[] content) throws IOException {
        try (PendingObject out = create(key)) {
            out.write(content);
            return out.commitOnce();
        }
    }

    /** Makes the directory {@code key} exist (see the class comment); existing is fine. */
    void makeDirectory(String key) throws IOException;

    /** Whether the directory {@code key} exists, as made by {@link #makeDirectory}. */
    boolean isDirectory(String key) throws IOException;

    /** Deletes the object; missing is fine. @return whether there was one */
    boolean delete(String key) throws IOException;

    /**
     * Deletes every object, directory marker and unfinished write under {@code prefix} (which must be {@code ""} or
     * end in {@code /}), so nothing of it is left pending. Missing is fine.
     */
    void deletePrefix(String prefix) throws IOException;

    /**
     * Discards every write under {@code prefix} ({@code ""} or ending in {@code /}) that was started and never
     * committed, by a writer that crashed or is still writing (whose commit then fails): local temporary files, S3
     * multipart uploads. Committed objects stay.
     */
    void discardUnfinished(String prefix) throws IOException;

    /** An object with its key relative to the store's root and its size in bytes. */
    record StoredObject(String key, long size) {
    }
}
