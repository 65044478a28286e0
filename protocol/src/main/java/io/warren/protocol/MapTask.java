package io.warren.protocol;

import java.util.List;

/** Run the job's mapper over one input split and partition its output into {@code reduceCount} intermediate files. */
public record MapTask(String jobId, int taskNumber, int attempt, JobRef job, InputSplit split, int reduceCount,
                      long heartbeatMillis, List<String> avoidWorkers) implements TaskMessage {
    public MapTask {
        TaskMessage.check(jobId, taskNumber, attempt, job, heartbeatMillis);
        avoidWorkers = avoidWorkers == null ? List.of() : List.copyOf(avoidWorkers);
        avoidWorkers.forEach(WorkerIds::check);
        if (split == null) throw new IllegalArgumentException("split is required");
        if (reduceCount < 1) throw new IllegalArgumentException("reduceCount must be >= 1, got " + reduceCount);
    }

    @Override
    public Phase phase() {
        return Phase.MAP;
    }

    public MapTask withAttempt(int next) {
        return new MapTask(jobId, taskNumber, next, job, split, reduceCount, heartbeatMillis, avoidWorkers);
    }
}
