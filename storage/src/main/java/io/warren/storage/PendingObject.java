package io.warren.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An object being written: nothing of it is visible until {@link #commit} or {@link #commitOnce}, and {@link #close}
 * without either discards it (a local temporary file deleted, an S3 multipart upload aborted), so a crashed writer
 * leaves no partial object under the key.
 */
public abstract class PendingObject extends OutputStream {

    /** Makes the written bytes the object under the key, replacing an existing one. For keys only this writer names. */
    public abstract void commit() throws IOException;

    /**
     * Makes the written bytes the object under the key unless one exists already, in which case the first committer
     * keeps it and these bytes are discarded: a late duplicate can never replace a committed object.
     *
     * @return whether this writer's bytes became the object
     */
    public abstract boolean commitOnce() throws IOException;

    /** Bytes written so far. */
    public abstract long size();
}
