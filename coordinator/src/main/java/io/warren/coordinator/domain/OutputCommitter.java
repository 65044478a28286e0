package io.warren.coordinator.domain;

/** The file side of finishing a job. */
public interface OutputCommitter {
    /** Every reduce output is committed: write {@code _SUCCESS} and delete the job's intermediate files. */
    void commit(JobRecord job);

    /** The job failed: delete its intermediate files and any {@code mr-out-*} it had committed. */
    void abort(JobRecord job);
}
