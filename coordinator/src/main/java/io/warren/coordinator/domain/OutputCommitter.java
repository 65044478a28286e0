package io.warren.coordinator.domain;

import io.warren.protocol.JobSpec;

/** The file side of finishing a job. */
public interface OutputCommitter {
    /**
     * The job was accepted: create its intermediate directory. Workers write map output only into an existing one,
     * and treat a missing one as "this job has ended", so late or cancelled tasks leave nothing behind.
     */
    void prepare(JobRecord job);

    /** Every reduce output is committed: write {@code _SUCCESS} and delete the job's intermediate files. */
    void commit(JobRecord job);

    /**
     * Whether reduce {@code reduce}'s part is committed in the job's output: asked only when the run granted its commit
     * was lost, to learn whether that run committed before it went.
     *
     * @throws java.io.UncheckedIOException if the storage cannot say
     */
    boolean hasPart(JobSpec job, int reduce);

    /** The job failed or was cancelled: delete its intermediate files and any {@code mr-out-*} it had committed. */
    void abort(JobRecord job);
}
