package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;

import java.time.Instant;
import java.util.List;

/**
 * A job as the coordinator persists it ({@code <workDir>/jobs/<jobId>/job.json}, rewritten atomically after every
 * change) and as {@code warren status} reads it.
 */
public record JobRecord(String jobId, JobSpec spec, JobState state, Instant submittedAt, Instant finishedAt,
                        String error, String errorDetail, List<InputSplit> splits, List<TaskRecord> maps,
                        List<TaskRecord> reduces) {
    public JobRecord {
        splits = splits == null ? List.of() : List.copyOf(splits);
        maps = maps == null ? List.of() : List.copyOf(maps);
        reduces = reduces == null ? List.of() : List.copyOf(reduces);
    }

    public long mapsDone() {
        return maps.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
    }

    public long reducesDone() {
        return reduces.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
    }
}
