package io.warren.coordinator.domain;

import java.util.List;

/**
 * What a save leaves out on purpose: an open run's heartbeat time, its deadline, moves with every heartbeat and is
 * restarted by a coordinator that takes over, so it is saved only along with a change that is saved anyway
 * (docs/job-state.md). Tests that compare a job as saved with the live job compare them without it.
 */
public final class Deadlines {
    /** {@code job} with every open run's heartbeat time left out. */
    public static JobRecord without(JobRecord job) {
        return new JobRecord(job.jobId(), job.spec(), job.state(), job.submittedAt(), job.finishedAt(), job.error(),
                job.errorDetail(), job.mapInputs(), without(job.maps()), without(job.reduces()));
    }

    private static List<TaskRecord> without(List<TaskRecord> tasks) {
        return tasks.stream().map(t -> new TaskRecord(t.phase(), t.number(), t.state(), t.attempt(), t.queuedAttempts(),
                t.backups(), t.dispatchedAt(), t.finishedAt(), t.winner(), t.error(), t.errorDetail(), t.failedOn(),
                t.runs().stream().map(r -> r.isOpen() ? new TaskRun(r.attempt(), r.worker(), r.startedAt(), null,
                        r.endedAt(), r.outcome(), r.error(), r.status(), r.inputBytes()) : r).toList(),
                t.counters(), t.confirmedAttempt())).toList();
    }

    private Deadlines() {
    }
}
