package io.warren.coordinator.domain;

/**
 * The one run of a reduce task allowed to commit its output: the attempt, on the worker, that asked first while its run
 * was alive. Saved with the task before the worker hears of it, so a coordinator that takes over honours it.
 */
public record CommitGrant(int attempt, String worker) {
    public CommitGrant {
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        if (worker == null) throw new IllegalArgumentException("worker is required");
        worker = worker.intern();
    }

    boolean holds(int runAttempt, String runWorker) {
        return attempt == runAttempt && worker.equals(runWorker);
    }

    @Override
    public String toString() {
        return "attempt " + attempt + " on " + worker;
    }
}
