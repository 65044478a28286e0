package io.warren.protocol.storage;

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
 */
public record StorageLayout(Path root, Path workDir) {
    public StorageLayout {
        root = root.toAbsolutePath().normalize();
        workDir = workDir.toAbsolutePath().normalize();
    }

    public static StorageLayout under(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        return new StorageLayout(abs, abs.resolve(".warren"));
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
