package io.warren.storage;

import io.warren.protocol.JobIds;
import io.warren.protocol.Streaming;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.local.LocalObjectStore;

import java.io.IOException;

/**
 * A job's own directory in Warren's work area, {@code jobs/<jobId>/}, and the one owner of the liveness rule: the
 * coordinator opens the job's intermediate directory when it accepts the job and removes it when the job ends, so a
 * task whose job's intermediate directory is gone belongs to a job that has ended, and is dropped. Shipped files live
 * here too, and go with the job.
 */
public final class JobDirectory {
    private final ObjectStore work;
    private final String jobId;

    /** @param work the store rooted at Warren's work area ({@link StorageLayout#workDir()} on a file system) */
    public JobDirectory(ObjectStore work, String jobId) {
        this.work = work;
        this.jobId = JobIds.check(jobId);
    }

    /** The directory of {@code jobId} in the work area of {@code layout}, on the file system. */
    public static JobDirectory of(StorageLayout layout, String jobId) {
        return new JobDirectory(new LocalObjectStore(layout.workDir()), jobId);
    }

    /** The key of the directory every map output of the job goes to. */
    public String intermediateKey() {
        return "jobs/" + jobId + "/intermediate";
    }

    /** The key of the directory of a streaming job's shipped files. */
    public String shippedFilesKey() {
        return "jobs/" + jobId + "/files";
    }

    public String jobId() {
        return jobId;
    }

    /** Whether the job is still live: its intermediate directory exists. */
    public boolean isLive() throws IOException {
        return work.isDirectory(intermediateKey());
    }

    /** The job was accepted: make its intermediate directory and ship its files, before any task can go out. */
    public void open(Streaming streaming) throws IOException {
        work.makeDirectory(intermediateKey());
        if (streaming == null) return;
        for (Streaming.ShippedFile f : streaming.files()) work.write(Keys.join(shippedFilesKey(), f.name()), f.bytes());
    }

    /**
     * The job ended: remove its intermediate directory (which ends its liveness) and shipped files, with any write
     * still unfinished in them.
     */
    public void end() throws IOException {
        IOException failed = null;
        for (String dir : new String[]{intermediateKey(), shippedFilesKey()}) {
            try {
                work.deletePrefix(Keys.directory(dir));
            } catch (IOException e) {
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        if (failed != null) throw failed;
    }

    @Override
    public String toString() {
        return work.uri(Keys.directory("jobs/" + jobId));
    }
}
