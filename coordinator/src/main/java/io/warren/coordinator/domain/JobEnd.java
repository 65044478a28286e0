package io.warren.coordinator.domain;

import io.warren.protocol.JobState;

/**
 * A coordinator term's word on how a job ends, written to the shared storage before the term touches the job's
 * output ({@link EndClaims}): {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED} with the reason, or, with no
 * state, the word of a term that took the job over and goes on with it.
 *
 * @param state  how the job ends; null when it does not: the job was taken over and goes on
 * @param reason why it failed or was cancelled; null otherwise
 * @param detail more about a failure (the user code's stack trace), or null
 */
public record JobEnd(JobState state, String reason, String detail) {
    /** The word of a term that took an unfinished job over and runs it on. */
    public static final JobEnd CONTINUED = new JobEnd(null, null, null);

    public JobEnd {
        if (state != null && !state.isTerminal()) throw new IllegalArgumentException("a job does not end " + state);
    }

    /** Whether this ends the job (rather than a takeover's word that it goes on). */
    public boolean ends() {
        return state != null;
    }
}
