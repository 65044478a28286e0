package io.warren.protocol.storage;

import io.warren.protocol.Printable;

import java.nio.file.Path;

/**
 * Where things live on the shared storage. Paths inside messages are relative to {@code root} (each process may mount
 * the storage elsewhere); an absolute path is used as it is, which only local mode allows. Warren's own files live in
 * {@code workDir}, by default {@code <root>/.warren}:
 * <pre>
 *   &lt;workDir&gt;/jobs/&lt;jobId&gt;/job.snapshot      the coordinator's durable record of the job, with the
 *                                           journal-*.log files beside it (docs/job-state.md)
 *   &lt;workDir&gt;/jobs/&lt;jobId&gt;/intermediate/     every map output of the job, deleted when the job ends
 *   &lt;workDir&gt;/terms/&lt;epoch&gt;                   one empty file per coordinator term, created once (docs/fencing.md)
 * </pre>
 * When the root is a bucket ({@code bucket}, {@code s3://bucket[/prefix]}), job paths, intermediate and shipped
 * files and the coordinator's state live there ({@link #inBucket}, and {@code io.warren.storage.JobDirectory} for the
 * work area under {@code .warren/}); {@code root} is then only where local mode resolves a local path, and
 * {@code workDir} where local mode keeps what is its own.
 */
public record StorageLayout(Path root, Path workDir, String bucket) {
    public StorageLayout {
        root = root.toAbsolutePath().normalize();
        workDir = workDir.toAbsolutePath().normalize();
        if (bucket != null) {
            if (!bucket.startsWith("s3://")) throw new IllegalArgumentException("not an s3:// URI: " + Printable.quote(bucket));
            while (bucket.endsWith("/")) bucket = bucket.substring(0, bucket.length() - 1);
        }
    }

    public StorageLayout(Path root, Path workDir) {
        this(root, workDir, null);
    }

    public static StorageLayout under(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        return new StorageLayout(abs, abs.resolve(".warren"));
    }

    /** A storage root that is a bucket, {@code s3://bucket[/prefix]}; {@code localRoot}: see the class comment. */
    public static StorageLayout bucket(String uri, Path localRoot) {
        Path abs = localRoot.toAbsolutePath().normalize();
        return new StorageLayout(abs, abs.resolve(".warren"), uri);
    }

    public boolean isBucket() {
        return bucket != null;
    }

    /** Where the root is, as a person names it: the bucket's URI or the directory. */
    public String rootName() {
        return isBucket() ? bucket : root.toString();
    }

    /**
     * A job path relative to a bucket root, as its {@code s3://} URI: {@code in/a.txt} under {@code s3://b/p} is
     * {@code s3://b/p/in/a.txt}. Such a path stays inside the root: no {@code ..}, no absolute path, no control
     * characters.
     *
     * @throws IllegalArgumentException naming {@code what} when it would leave the root
     */
    public String inBucket(String what, String storagePath) {
        if (!isBucket()) throw new IllegalStateException("the storage root " + root + " is not a bucket");
        boolean bad = storagePath.startsWith("/") || storagePath.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\');
        String path = storagePath;
        while (path.startsWith("./")) path = path.substring(2);
        if (path.equals(".") || path.isEmpty()) return bucket + "/";
        for (String segment : path.split("/")) bad |= segment.equals("..") || segment.equals(".");
        if (bad) {
            throw new IllegalArgumentException(what + " " + Printable.quote(storagePath) + " is outside the storage root "
                    + bucket + "; paths must be relative to it and stay inside it");
        }
        return bucket + "/" + path;
    }

    public Path resolve(String storagePath) {
        Path p = Path.of(storagePath);
        return (p.isAbsolute() ? p : root.resolve(p)).normalize();
    }

    /** The path as messages carry it: relative to the root when inside it, else absolute. */
    public String toStoragePath(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    public boolean contains(Path path) {
        return path.toAbsolutePath().normalize().startsWith(root);
    }

    /**
     * Resolves a path from a job spec or task and makes sure it stays inside the root, through {@code ..} and through
     * symlinks (checked on the deepest part that exists), and holds no control characters.
     *
     * @throws IllegalArgumentException naming {@code what} and the root when it does not
     */
    public Path confine(String what, String storagePath) {
        if (isBucket()) throw new IllegalStateException("a bucket root resolves job paths with inBucket, not confine");
        if (storagePath.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(what + " " + io.warren.protocol.Printable.quote(storagePath)
                    + " contains control characters");
        }
        Path resolved = resolve(storagePath);
        boolean inside = contains(resolved);
        if (inside) {
            try {
                Path existing = resolved;
                while (existing != null && !java.nio.file.Files.exists(existing)) existing = existing.getParent();
                // A real path that starts with the root as given is inside (it has no links, so neither has that
                // root); only otherwise resolve the root too. A worker confines every input file of its task.
                Path real = existing == null ? null : existing.toRealPath();
                inside = real != null && (real.startsWith(root) || real.startsWith(root.toRealPath()));
            } catch (java.io.IOException e) {
                inside = false;
            }
        }
        if (!inside) {
            throw new IllegalArgumentException(what + " " + io.warren.protocol.Printable.quote(storagePath)
                    + " is outside the storage root " + root + "; paths must be relative to it and stay inside it");
        }
        return resolved;
    }

    /** The coordinator terms: each active coordinator creates the next epoch's file here, create-only. */
    public Path termsDir() {
        return workDir.resolve("terms");
    }

    public Path jobsDir() {
        return workDir.resolve("jobs");
    }

    public Path jobDir(String jobId) {
        return jobsDir().resolve(io.warren.protocol.JobIds.check(jobId));
    }

    public Path intermediateDir(String jobId) {
        return jobDir(jobId).resolve("intermediate");
    }

    /** A streaming job's shipped files, written by the coordinator when it accepts the job; gone when the job ends. */
    public Path shippedFilesDir(String jobId) {
        return jobDir(jobId).resolve("files");
    }

    /** The stderr of a streaming job's processes, one file per process run, kept with the job's record. */
    public Path taskLogDir(String jobId) {
        return jobDir(jobId).resolve("logs");
    }

    /** The job's snapshot: it exists once the job is on record. */
    public Path jobStateFile(String jobId) {
        return jobDir(jobId).resolve("job.snapshot");
    }
}
