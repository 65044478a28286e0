package io.warren.coordinator.domain;

import io.warren.protocol.JobSpec;

/**
 * An {@link OutputCommitter} that asks the coordinator's {@link Term} before it touches a job's files: a coordinator
 * whose term is superseded never commits, deletes or rewrites output (docs/fencing.md).
 */
public final class FencedCommitter implements OutputCommitter {
    private final OutputCommitter committer;
    private final Term term;

    public FencedCommitter(OutputCommitter committer, Term term) {
        this.committer = committer;
        this.term = term;
    }

    @Override
    public void prepare(JobRecord job) {
        term.check();
        committer.prepare(job);
    }

    @Override
    public void commit(JobRecord job) {
        term.check();
        committer.commit(job);
    }

    /** A read: no fence needed. */
    @Override
    public boolean hasPart(JobSpec job, int reduce) {
        return committer.hasPart(job, reduce);
    }

    @Override
    public void abort(JobRecord job) {
        term.check();
        committer.abort(job);
    }
}
