package io.warren.storage;

import io.warren.protocol.JobIds;
import io.warren.protocol.Streaming;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.local.LocalObjectStore;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3Stores;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

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

    /** The directory of {@code jobId} in the work area of {@code layout}: on the file system, or in the bucket. */
    public static JobDirectory of(StorageLayout layout, String jobId) {
        return new JobDirectory(workArea(layout), jobId);
    }

    /** Warren's work area: {@code <root>/.warren} (or where the layout puts it), or {@code s3://bucket/prefix/.warren/}. */
    public static ObjectStore workArea(StorageLayout layout) {
        if (layout.isBucket()) return S3Stores.at(S3Location.parse(layout.bucket()).resolve(WORK_AREA));
        return new LocalObjectStore(layout.workDir());
    }

    /** The work area's name under a bucket root, as under a directory root. */
    public static final String WORK_AREA = ".warren";

    /** The key of the directory every map output of the job goes to. */
    public String intermediateKey() {
        return "jobs/" + jobId + "/intermediate";
    }

    /** The key of the directory of a streaming job's shipped files. */
    public String shippedFilesKey() {
        return "jobs/" + jobId + "/files";
    }

    /** The key of the directory a streaming job's processes' stderr is kept in, with the job's record. */
    public String logsKey() {
        return "jobs/" + jobId + "/logs";
    }

    public String jobId() {
        return jobId;
    }

    /** Keeps {@code content} as the stderr log {@code name} of one of the job's processes, replacing one of that name. */
    public void keepLog(String name, byte[] content) throws IOException {
        work.write(Keys.join(logsKey(), name), content);
    }

    /** Whether the job is still live: its intermediate directory exists. */
    public boolean isLive() throws IOException {
        return work.isDirectory(intermediateKey());
    }

    /** A new intermediate file {@code name} (a map output), invisible until committed. */
    public PendingObject createIntermediate(String name) throws IOException {
        return work.create(intermediate(name));
    }

    /** Publishes {@code content} as the intermediate file {@code name} unless it exists; whether this call did. */
    public boolean publishIntermediateOnce(String name, byte[] content) throws IOException {
        return work.writeOnce(intermediate(name), content);
    }

    /** Deletes the intermediate file {@code name}; missing is fine. */
    public void deleteIntermediate(String name) throws IOException {
        work.delete(intermediate(name));
    }

    /** @throws java.nio.file.NoSuchFileException when there is no such file */
    public InputStream openIntermediate(String name) throws IOException {
        return work.open(intermediate(name));
    }

    public Optional<Long> intermediateSize(String name) throws IOException {
        return work.size(intermediate(name));
    }

    /** Where the intermediate file {@code name} is, as a person names it. */
    public String intermediateUri(String name) {
        return work.uri(intermediate(name));
    }

    /** The bytes of the shipped file {@code name}; empty when it is missing. */
    public Optional<byte[]> shippedFile(String name) throws IOException {
        try {
            return Optional.of(work.read(Keys.join(shippedFilesKey(), name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private String intermediate(String name) {
        return Keys.join(intermediateKey(), name);
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
