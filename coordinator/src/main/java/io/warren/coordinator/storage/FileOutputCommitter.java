package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.OutputCommitter;
import io.warren.protocol.JobSpec;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobDirectory;
import io.warren.storage.OutputLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Finishes jobs on the shared storage: the job's directory ({@link JobDirectory}) opens and ends with it, and its
 * output ({@link OutputLocation}) is committed with a {@code _SUCCESS} manifest or withdrawn.
 */
public final class FileOutputCommitter implements OutputCommitter {
    private static final Logger log = LoggerFactory.getLogger(FileOutputCommitter.class);
    private final StorageLayout layout;
    private final boolean confined;

    /** @param confined whether job paths must stay inside the storage root, as the planner and workers see it */
    public FileOutputCommitter(StorageLayout layout, boolean confined) {
        this.layout = layout;
        this.confined = confined;
    }

    /** The output location the job's reducers write to, resolved as they resolve it. */
    private OutputLocation output(JobRecord job) {
        return OutputLocation.resolve(layout, job.spec().output(), confined);
    }

    @Override
    public void prepare(JobRecord job) {
        JobDirectory dir = JobDirectory.of(layout, job.jobId());
        try {
            dir.open(job.spec().streaming());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir, e);
        }
    }

    @Override
    public void commit(JobRecord job) {
        OutputLocation output = output(job);
        try {
            output.commit(job.jobId(), job.reduces().size(), Compression.forOutput(job.spec().outputCompression()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit job " + job.jobId() + " in " + output, e);
        }
        try {
            JobDirectory.of(layout, job.jobId()).end();
        } catch (IOException e) {
            // The job is committed; this is clean-up. A late duplicate run of a map (a task sent again after a
            // coordinator takeover, say) may still be writing its files here, which makes the directory not empty.
            // Failing the commit for it would leave the job running forever; what is left goes with the job's record.
            log.warn("job={} committed; its intermediate files could not all be deleted yet ({}): a late duplicate run"
                    + " may still write there", job.jobId(), e.toString());
        }
    }

    @Override
    public boolean hasPart(JobSpec job, int reduce) {
        OutputLocation output = OutputLocation.resolve(layout, job.output(), confined);
        try {
            return output.hasPart(reduce, Compression.forOutput(job.outputCompression()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for part " + reduce + " in " + output, e);
        }
    }

    @Override
    public void abort(JobRecord job) {
        try {
            JobDirectory.of(layout, job.jobId()).end();
            if (!output(job).abort()) {
                log.warn("job={} ended without success but its output is committed (_SUCCESS exists); leaving it: a newer"
                        + " coordinator term committed the job, or the commit failed after writing it", job.jobId());
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            // The job ends all the same (a job left running because its clean-up failed would never end); what is left
            // goes with the job's record.
            log.warn("job={} cleanup after failure incomplete: {}", job.jobId(), e.toString());
        }
    }
}
