package io.warren.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A worker's periodic "I am here": what it can run and what it is running. Sent every {@code intervalMillis} on the
 * progress exchange with routing key {@code worker.<workerId>}, not durably; coordinators count a worker gone after a
 * few missed beacons, or at once when its last beacon says {@code stopping}. Informational only: task timeouts, not
 * beacons, decide when work is run again.
 *
 * @param tasksDone   tasks this process finished (successfully) since it started
 * @param tasksFailed tasks this process reported failed since it started
 */
public record WorkerBeacon(String workerId, String host, int slots, List<RunningTask> running, long tasksDone,
                           long tasksFailed, Instant startedAt, Instant at, long intervalMillis, boolean stopping)
        implements Versioned {
    public WorkerBeacon {
        WorkerIds.check(workerId);
        host = host == null ? "" : host;
        if (slots < 1) throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        running = running == null ? List.of() : List.copyOf(running);
        if (running.size() > slots) throw new IllegalArgumentException("more running tasks than slots");
        if (at == null) throw new IllegalArgumentException("at is required");
        if (intervalMillis < 1) throw new IllegalArgumentException("intervalMillis must be >= 1, got " + intervalMillis);
    }

    /** One task attempt the worker is running. */
    public record RunningTask(String jobId, Phase phase, int taskNumber, int attempt, Instant startedAt) {
        public RunningTask {
            JobIds.check(jobId);
            if (phase == null) throw new IllegalArgumentException("phase is required");
            if (taskNumber < 0 || attempt < 1) throw new IllegalArgumentException("bad task number or attempt");
        }

        @com.fasterxml.jackson.annotation.JsonGetter("taskId")
        public String taskId() {
            return phase.taskId(taskNumber);
        }
    }
}
