package io.warren.worker.exec;

/**
 * The coordinator denied this reduce attempt its commit: another attempt's output is, or will be, the task's. Not the
 * user's failure: the attempt discards its output, and its run has already been ended by the coordinator.
 */
public final class CommitDenied extends RuntimeException {
    public CommitDenied(String reason) {
        super("commit denied: " + reason);
    }
}
