package io.warren.coordinator.domain;

/**
 * How many times a task may be tried. Every attempt the coordinator publishes counts, whether it failed, timed out or
 * was a backup; so do runs that lost their worker before reporting (the broker redelivers those without a new
 * attempt), so that a task that kills every worker taking it stops after {@code maxAttempts} victims.
 */
public record RetryPolicy(int maxAttempts) {
    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }

    boolean mayRetry(int attemptsSoFar, int lostRuns) {
        return attemptsSoFar < maxAttempts && lostRuns < maxAttempts;
    }

    boolean isPoison(int lostRuns) {
        return lostRuns >= maxAttempts;
    }
}
