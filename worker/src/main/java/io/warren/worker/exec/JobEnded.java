package io.warren.worker.exec;

/**
 * The task's job is over (succeeded, failed or cancelled): its intermediate directory is gone. The task is dropped
 * without a report; nothing it could produce would be used.
 */
public final class JobEnded extends RuntimeException {
    public JobEnded(String jobId) {
        super("job " + jobId + " has ended; its task is dropped");
    }
}
