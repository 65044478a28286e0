package io.warren.coordinator.domain;

import io.warren.protocol.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Where every job ends, whatever ends it: its last reduce, a task that used up its attempts, a record that cannot be
 * saved, or a cancel. One method does the clean-up each end needs, so that a new rule about endings (a fence, a
 * notice) has one place to stand.
 */
final class JobEnding {
    private static final Logger log = LoggerFactory.getLogger(JobEnding.class);

    /** How a job ends. */
    enum Outcome {
        /** Every reduce is committed: {@code _SUCCESS} is written and the intermediate files deleted. */
        SUCCEEDED,
        /** Its tasks stay unpublished and its files are deleted. */
        FAILED,
        /** As failed, but on request: workers notice that its intermediate directory is gone and drop its tasks. */
        CANCELLED
    }

    private final OutputCommitter committer;
    private final Outbox outbox;
    /** Running jobs an older term decided succeeded: see {@link #adopt}. */
    private final Set<String> toSucceed = new HashSet<>();

    JobEnding(OutputCommitter committer, Outbox outbox) {
        this.committer = committer;
        this.outbox = outbox;
    }

    /**
     * Ends a running job: its files are committed or deleted, its unpublished attempts dropped, and its end saved and
     * told at the next flush. A job that already ended keeps its end. A success whose output cannot be committed is a
     * failure with the reason.
     *
     * @param reason why it failed or was cancelled; null for a success
     * @param detail more about a failure (the user code's stack trace), or null
     */
    void end(Job job, Outcome outcome, String reason, String detail, Instant now) {
        if (job.state().isTerminal()) return;
        if (outcome != Outcome.SUCCEEDED && toSucceed.contains(job.id())) {
            // An older term decided that the job succeeded and may be committing it right now: its output is complete
            // (every reduce had committed), so it is committed, never withdrawn.
            log.warn("job={} would end {} ({}), but an older coordinator term decided that it succeeded: committing it",
                    job.id(), outcome.name().toLowerCase(java.util.Locale.ROOT), reason);
            outcome = Outcome.SUCCEEDED;
        }
        switch (outcome) {
            case SUCCEEDED -> {
                try {
                    JobRecord record = job.snapshot();
                    decide(record, new JobEnd(JobState.SUCCEEDED, null, null));
                    committer.commit(record);
                } catch (Term.Superseded deposed) {
                    throw deposed; // not this job's failure: this coordinator must not end it at all
                } catch (RuntimeException failure) {
                    toSucceed.remove(job.id()); // a part is missing after all: the older term cannot have committed
                    end(job, Outcome.FAILED, "cannot finish the job's output: " + failure.getMessage()
                            + causeOf(failure), null, now);
                    return;
                }
                toSucceed.remove(job.id());
                job.succeed(now);
                log.info("job={} succeeded in {} ms", job.id(), Duration.between(job.submittedAt(), now).toMillis());
                outbox.changed(job, "succeeded");
            }
            // Withdrawn first: a coordinator whose term is superseded is refused there, before the job changes at all.
            case FAILED -> {
                withdraw(job, new JobEnd(JobState.FAILED, reason, detail));
                log.error("job={} failed: {}", job.id(), reason);
                job.fail(reason, detail, now);
                outbox.changed(job, "failed: " + reason);
            }
            case CANCELLED -> {
                withdraw(job, new JobEnd(JobState.CANCELLED, reason, null));
                job.cancel(reason, now);
                log.info("job={} cancelled: {}", job.id(), reason);
                outbox.changed(job, "cancelled: " + reason);
            }
        }
    }

    private void withdraw(Job job, JobEnd end) {
        outbox.drop(job);
        JobRecord record = job.snapshot();
        decide(record, end);
        committer.abort(record);
    }

    /**
     * Records the decision before the output is touched (docs/fencing.md, "Ending a job"). If it cannot be recorded
     * (the storage is full, say), the job ends all the same: deleting a failed job's files is what frees the space, and
     * only a coordinator deposed in the same moment could then touch output that a newer term runs on.
     */
    private void decide(JobRecord record, JobEnd end) {
        try {
            committer.decide(record, end);
        } catch (RuntimeException e) {
            log.warn("job={}: cannot record its end ({}) before touching its output: {}", record.jobId(),
                    end.state(), e.getMessage());
        }
    }

    /**
     * Carries out an end that an older coordinator term decided and may have been carrying out when it lost its term. A
     * failure or a cancel ends the job now. A success does not: the job runs on, so that the reports the older term had
     * not saved (the broker delivers them again) give every reduce its winner and counters, and it ends in the usual
     * commit; but from now on it is never failed or cancelled, since its output may already be committed.
     */
    void adopt(Job job, JobEnd end, Instant now) {
        log.warn("job={}: coordinator term before this one decided that it {}{}; {}", job.id(),
                end.state().name().toLowerCase(java.util.Locale.ROOT), end.reason() == null ? "" : ": " + end.reason(),
                end.state() == JobState.SUCCEEDED ? "running it on to its commit" : "carrying that out");
        switch (end.state()) {
            case SUCCEEDED -> {
                // The older term saved the move to reducing before it published a reduce, so this is how it must be.
                if (job.state() == JobState.REDUCING) toSucceed.add(job.id());
                else log.error("job={} is {} on record, not reducing; running it on as it is", job.id(), job.state());
            }
            case FAILED -> end(job, Outcome.FAILED, end.reason(), end.detail(), now);
            case CANCELLED -> end(job, Outcome.CANCELLED, end.reason(), null, now);
            default -> throw new IllegalArgumentException("not an end: " + end);
        }
    }

    /** The cause's own message, when the exception's message does not already end with it (IOExceptions say where). */
    static String causeOf(RuntimeException e) {
        Throwable cause = e.getCause();
        if (cause == null || cause.getMessage() == null || String.valueOf(e.getMessage()).contains(cause.getMessage())) {
            return "";
        }
        return " (" + cause.getMessage() + ")";
    }
}
