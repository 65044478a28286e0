package io.warren.protocol;

/**
 * The coordinator's answer to a {@link WorkerEvent.CommitRequested}, sent to the asking worker alone (routing key
 * {@code commit.<workerId>} on the progress exchange). Not durable: a worker that misses it asks again.
 *
 * @param verdict whether this attempt's output may become the task's
 * @param reason  a line for a person: who holds the grant, or why the task needs no commit
 */
public record CommitAnswer(String jobId, int taskNumber, int attempt, String workerId, Verdict verdict, String reason)
        implements Versioned {

    public enum Verdict {
        /** Commit the pending output: this attempt's output is the task's. */
        GRANTED,
        /** Discard the pending output: another attempt's output is, or will be, the task's, or the task needs none. */
        DENIED
    }

    public CommitAnswer {
        JobIds.check(jobId);
        WorkerIds.check(workerId);
        if (taskNumber < 0) throw new IllegalArgumentException("taskNumber must be >= 0, got " + taskNumber);
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        if (verdict == null) throw new IllegalArgumentException("verdict is required");
        reason = reason == null ? "" : reason;
    }

    public static CommitAnswer granted(WorkerEvent.CommitRequested asked) {
        return new CommitAnswer(asked.jobId(), asked.taskNumber(), asked.attempt(), asked.workerId(), Verdict.GRANTED, "");
    }

    public static CommitAnswer denied(WorkerEvent.CommitRequested asked, String reason) {
        return new CommitAnswer(asked.jobId(), asked.taskNumber(), asked.attempt(), asked.workerId(), Verdict.DENIED,
                reason);
    }

    /** Whether this answers the request of {@code attempt} of reduce {@code taskNumber} of {@code jobId}. */
    public boolean answers(String job, int task, int attemptAsked) {
        return jobId.equals(job) && taskNumber == task && attempt == attemptAsked;
    }
}
