package io.warren.coordinator.domain;

import io.warren.protocol.JobSpec;

/** The file side of finishing a job. */
public interface OutputCommitter {
    /**
     * The job was accepted: create its intermediate directory. Workers write map output only into an existing one,
     * and treat a missing one as "this job has ended", so late or cancelled tasks leave nothing behind.
     */
    void prepare(JobRecord job);

    /**
     * The coordinator has decided how the job ends, and is about to {@link #commit} or {@link #abort} it: a committer
     * on shared storage records the decision first, for a coordinator that may take over meanwhile (docs/fencing.md).
     */
    default void decide(JobRecord job, JobEnd end) {
    }

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
