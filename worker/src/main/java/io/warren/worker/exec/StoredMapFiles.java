package io.warren.worker.exec;

import io.warren.storage.JobDirectory;
import io.warren.storage.PendingObject;
import io.warren.worker.io.Codec;
import io.warren.worker.io.RunWriter;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A map task's R intermediate files as objects in the job's directory on the storage port (a bucket): each one a
 * {@link PendingObject}, committed when its partition is written, so one part buffer is held at a time. A file is
 * named after its worker and map, so only a rerun of the same map on the same worker can replace it, with the same
 * content; a crashed attempt's committed files are never read, since only a winner's are. Closing before the commit
 * discards the file being written and deletes the ones this attempt committed.
 */
final class StoredMapFiles implements MapFiles {
    private final JobDirectory dir;
    private final String[] names;
    private final Codec codec;
    private final Progress progress;
    private final List<String> written = new ArrayList<>();
    private PendingObject object;
    private RunWriter current;
    private int partition = -1;
    private long bytes;
    private boolean committed;

    StoredMapFiles(JobDirectory dir, String[] names, Codec codec, Progress progress) {
        this.dir = dir;
        this.names = names;
        this.codec = codec;
        this.progress = progress;
    }

    @Override
    public RunWriter section(int p) throws IOException {
        if (p == partition) return current;
        if (p < partition) throw new IllegalStateException("partition " + p + " asked for after partition " + partition);
        while (partition < p) {
            endFile();
            partition++;
            PendingObject next = dir.createIntermediate(names[partition]);
            object = next;
            OutputStream unclosed = new FilterOutputStream(next) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    next.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    next.flush(); // the object is committed or discarded by its owner, not by the writer
                }
            };
            current = new RunWriter(new BufferedOutputStream(unclosed, 1 << 16), codec);
        }
        return current;
    }

    private void endFile() throws IOException {
        if (object == null) return;
        try (PendingObject o = object) {
            current.finish();
            bytes += o.size();
            o.commit();
            written.add(names[partition]);
        }
        object = null;
        progress.tick();
    }

    @Override
    public long commit() throws IOException {
        section(names.length - 1);
        endFile();
        committed = true;
        return bytes;
    }

    @Override
    public void close() throws IOException {
        if (object != null) object.close();
        if (!committed) for (String name : written) dir.deleteIntermediate(name);
    }
}
