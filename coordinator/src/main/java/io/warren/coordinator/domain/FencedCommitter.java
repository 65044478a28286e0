package io.warren.coordinator.domain;

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

    @Override
    public void abort(JobRecord job) {
        term.check();
        committer.abort(job);
    }
}
