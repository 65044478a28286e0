package io.warren.coordinator.domain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

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
        switch (outcome) {
            case SUCCEEDED -> {
                try {
                    committer.commit(job.snapshot());
                } catch (Term.Superseded deposed) {
                    throw deposed; // not this job's failure: this coordinator must not end it at all
                } catch (RuntimeException failure) {
                    end(job, Outcome.FAILED, "cannot finish the job's output: " + failure.getMessage()
                            + causeOf(failure), null, now);
                    return;
                }
                job.succeed(now);
                log.info("job={} succeeded in {} ms", job.id(), Duration.between(job.submittedAt(), now).toMillis());
                outbox.changed(job, "succeeded");
            }
            // Withdrawn first: a coordinator whose term is superseded is refused there, before the job changes at all.
            case FAILED -> {
                withdraw(job);
                log.error("job={} failed: {}", job.id(), reason);
                job.fail(reason, detail, now);
                outbox.changed(job, "failed: " + reason);
            }
            case CANCELLED -> {
                withdraw(job);
                job.cancel(reason, now);
                log.info("job={} cancelled: {}", job.id(), reason);
                outbox.changed(job, "cancelled: " + reason);
            }
        }
    }

    private void withdraw(Job job) {
        outbox.drop(job);
        committer.abort(job.snapshot());
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
