package io.warren.coordinator.domain;

import java.util.Optional;

/**
 * How each coordinator term decided a job's end, on the shared storage: the write that closes the last gap of
 * fencing (docs/fencing.md, "Ending a job"). A term writes its word on a job ({@link #claim}) <em>before</em> it
 * checks its term and touches the job's output; a term that takes an unfinished job over reads the words of the older
 * terms ({@link #takeOver}) and adopts an end it finds there, because the term that wrote it may have passed its check
 * and be deleting or committing the output right now.
 */
public interface EndClaims {
    /** Records {@code term}'s word on the job; replaces its own earlier word (a commit that failed becomes a failure). */
    void claim(String jobId, long term, JobEnd end);

    /**
     * The word of the newest term before {@code term} on this job: its end, to adopt, or empty when that term went on
     * with the job (or no term ended it). When empty, this term's word that it goes on with the job is recorded, after
     * the older words were read, so that an end an older term writes from now on (its check then refuses it) is never
     * adopted by a later term.
     */
    Optional<JobEnd> takeOver(String jobId, long term);

    /** Forgets every term's word on the job, with the job's record. */
    void forget(String jobId);

    /** For stores without terms: nothing is written and nothing is ever found. */
    EndClaims NONE = new EndClaims() {
        @Override
        public void claim(String jobId, long term, JobEnd end) {
        }

        @Override
        public Optional<JobEnd> takeOver(String jobId, long term) {
            return Optional.empty();
        }

        @Override
        public void forget(String jobId) {
        }
    };
}
