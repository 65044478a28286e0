package io.warren.coordinator.domain;

import io.warren.protocol.JobSpec;

/**
 * An {@link OutputCommitter} that asks the coordinator's {@link Term} before it touches a job's files: a coordinator
 * whose term is superseded never commits, deletes or rewrites output (docs/fencing.md). The decision to end a job is
 * recorded as the term's word in {@link EndClaims} before that check, so that a term that begins between the check and
 * the deletions or the commit finds the decision and carries it out too, instead of running the job on.
 */
public final class FencedCommitter implements OutputCommitter {
    private final OutputCommitter committer;
    private final Term term;
    private final EndClaims ends;

    public FencedCommitter(OutputCommitter committer, Term term, EndClaims ends) {
        this.committer = committer;
        this.term = term;
        this.ends = ends;
    }

    /** Before the check, on purpose: see the class comment. */
    @Override
    public void decide(JobRecord job, JobEnd end) {
        ends.claim(job.jobId(), term.epoch(), end);
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
