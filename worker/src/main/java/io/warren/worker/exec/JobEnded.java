package io.warren.worker.exec;

import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobDirectory;

import java.io.IOException;

/**
 * The task's job is over (succeeded, failed or cancelled): its intermediate directory is gone. The task is dropped
 * without a report; nothing it could produce would be used.
 */
public final class JobEnded extends RuntimeException {
    public JobEnded(String jobId) {
        super("job " + jobId + " has ended; its task is dropped");
    }

    /** @throws JobEnded unless the job is still live (see {@link JobDirectory#isLive}) */
    static void unlessLive(StorageLayout layout, String jobId) throws IOException {
        if (!JobDirectory.of(layout, jobId).isLive()) throw new JobEnded(jobId);
    }
}
