package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.OutputCommitter;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finishes jobs on the shared file system. */
public final class FileOutputCommitter implements OutputCommitter {
    private static final Logger log = LoggerFactory.getLogger(FileOutputCommitter.class);
    private final StorageLayout layout;

    public FileOutputCommitter(StorageLayout layout) {
        this.layout = layout;
    }

    @Override
    public void prepare(JobRecord job) {
        try {
            java.nio.file.Files.createDirectories(layout.intermediateDir(job.jobId()));
            if (job.spec().streaming() != null) ship(job.jobId(), job.spec().streaming());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + layout.intermediateDir(job.jobId()), e);
        }
    }

    /**
     * Writes a streaming job's shipped files to its directory, durably, before any of its tasks can go out: every
     * worker copies them from there into each task's working directory.
     */
    private void ship(String jobId, io.warren.protocol.Streaming streaming) throws IOException {
        Path dir = layout.shippedFilesDir(jobId);
        Files.createDirectories(dir);
        for (io.warren.protocol.Streaming.ShippedFile f : streaming.files()) {
            DurableFiles.writeAtomically(dir.resolve(f.name()), f.bytes());
        }
    }

    private void deleteShipped(String jobId) throws IOException {
        DurableFiles.deleteTree(layout.shippedFilesDir(jobId));
    }

    @Override
    public void commit(JobRecord job) {
        Path output = layout.resolve(job.spec().output());
        Compression compression = Compression.forOutput(job.spec().outputCompression());
        try {
            for (int r = 0; r < job.reduces().size(); r++) {
                Path part = output.resolve(FileNames.output(r, compression));
                if (!Files.isRegularFile(part)) {
                    throw new IllegalStateException("job " + job.jobId() + " reported reduce " + r + " done but " + part
                            + " is missing; is the output directory on the same shared storage for every worker?");
                }
            }
            DurableFiles.writeAtomically(output.resolve(FileNames.SUCCESS), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit job " + job.jobId() + " in " + output, e);
        }
        try {
            DurableFiles.deleteTree(layout.intermediateDir(job.jobId()));
            deleteShipped(job.jobId());
        } catch (IOException e) {
            // The job is committed; this is clean-up. A late duplicate run of a map (a task sent again after a
            // coordinator takeover, say) may still be writing its files here, which makes the directory not empty.
            // Failing the commit for it would leave the job running forever; what is left goes with the job's record.
            log.warn("job={} committed; its intermediate files could not all be deleted yet ({}): a late duplicate run"
                    + " may still write there", job.jobId(), e.toString());
        }
    }

    @Override
    public void abort(JobRecord job) {
        Path output = layout.resolve(job.spec().output());
        try {
            DurableFiles.deleteTree(layout.intermediateDir(job.jobId()));
            deleteShipped(job.jobId());
            if (Files.isDirectory(output)) {
                try (Stream<Path> files = Files.list(output)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        String name = p.getFileName().toString();
                        if (FileNames.isOutput(name) || FileNames.isTemporary(name)) Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            log.warn("job={} cleanup after failure incomplete: {}", job.jobId(), e.toString());
        }
    }
}
