package io.warren.storage.local;

import io.warren.protocol.storage.DurableFiles;
import io.warren.storage.PendingObject;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A temporary file beside the target, created and opened in one call, fsynced and moved into place on commit. */
final class LocalPendingObject extends PendingObject {
    private final Path target;
    private final DurableFiles.Temp temp;
    private final OutputStream out;
    private long size;
    private boolean done;

    LocalPendingObject(Path target, DurableFiles.Temp temp) {
        this.target = target;
        this.temp = temp;
        this.out = new BufferedOutputStream(Channels.newOutputStream(temp.channel()), 1 << 16);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        size += len;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void commit() throws IOException {
        seal();
        DurableFiles.moveIntoPlace(List.of(temp.path()), List.of(target));
    }

    @Override
    public boolean commitOnce() throws IOException {
        seal();
        return DurableFiles.commitOnce(temp.path(), target);
    }

    /** Writes out and forces what was written, once; a second commit is a bug. */
    private void seal() throws IOException {
        if (done) throw new IllegalStateException(target + " is already committed or discarded");
        done = true;
        try {
            out.flush();
            temp.channel().force(true);
        } finally {
            temp.channel().close();
        }
    }

    @Override
    public void close() throws IOException {
        if (done) {
            Files.deleteIfExists(temp.path()); // a failed commit's temporary file
            return;
        }
        done = true;
        try {
            temp.channel().close();
        } finally {
            Files.deleteIfExists(temp.path());
        }
    }
}
