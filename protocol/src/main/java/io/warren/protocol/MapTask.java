package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.List;

/**
 * Run the job's mapper over its input splits (one part of a large file, or several small files grouped up to the
 * split size) and partition its sorted output into {@code reduceCount} intermediate files.
 */
public record MapTask(String jobId, int taskNumber, int attempt, JobRef job, List<InputSplit> splits, int reduceCount,
                      long heartbeatMillis, List<String> avoidWorkers,
                      @JsonSetter(nulls = Nulls.AS_EMPTY) @JsonInclude(JsonInclude.Include.NON_DEFAULT) int priority,
                      @JsonSetter(nulls = Nulls.AS_EMPTY) @JsonInclude(JsonInclude.Include.NON_DEFAULT) long epoch)
        implements TaskMessage {
    public MapTask {
        TaskMessage.checkEpoch(epoch);
        TaskMessage.check(jobId, taskNumber, attempt, job, heartbeatMillis, priority);
        avoidWorkers = avoidWorkers == null ? List.of() : List.copyOf(avoidWorkers);
        avoidWorkers.forEach(WorkerIds::check);
        if (splits == null || splits.isEmpty()) throw new IllegalArgumentException("splits are required");
        splits = List.copyOf(splits);
        if (reduceCount < 1) throw new IllegalArgumentException("reduceCount must be >= 1, got " + reduceCount);
    }

    public MapTask(String jobId, int taskNumber, int attempt, JobRef job, List<InputSplit> splits, int reduceCount,
                   long heartbeatMillis, List<String> avoidWorkers, int priority) {
        this(jobId, taskNumber, attempt, job, splits, reduceCount, heartbeatMillis, avoidWorkers, priority, 0);
    }

    public MapTask(String jobId, int taskNumber, int attempt, JobRef job, List<InputSplit> splits, int reduceCount,
                   long heartbeatMillis, List<String> avoidWorkers) {
        this(jobId, taskNumber, attempt, job, splits, reduceCount, heartbeatMillis, avoidWorkers, 0);
    }

    @Override
    public Phase phase() {
        return Phase.MAP;
    }

    public MapTask withAttempt(int next) {
        return new MapTask(jobId, taskNumber, next, job, splits, reduceCount, heartbeatMillis, avoidWorkers, priority,
                epoch);
    }

    @Override
    public MapTask withEpoch(long term) {
        return new MapTask(jobId, taskNumber, attempt, job, splits, reduceCount, heartbeatMillis, avoidWorkers, priority,
                term);
    }
}
