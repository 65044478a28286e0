package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A job as the coordinator persists it (the snapshot under {@code <workDir>/jobs/<jobId>/}, with the journal of
 * {@link JobChange}s after it; docs/job-state.md) and as {@code warren status} reads it. {@code mapInputs.get(m)} is
 * map task m's splits.
 */
public record JobRecord(String jobId, JobSpec spec, JobState state, Instant submittedAt, Instant finishedAt,
                        String error, String errorDetail, List<List<InputSplit>> mapInputs, List<TaskRecord> maps,
                        List<TaskRecord> reduces) {
    /** The order stores list jobs in: oldest submission first, then by id. */
    public static final Comparator<JobRecord> OLDEST_FIRST =
            Comparator.comparing(JobRecord::submittedAt).thenComparing(JobRecord::jobId);

    public JobRecord {
        mapInputs = mapInputs == null ? List.of() : immutable(mapInputs);
        maps = maps == null ? List.of() : List.copyOf(maps);
        reduces = reduces == null ? List.of() : List.copyOf(reduces);
    }

    /**
     * The splits as unmodifiable lists; the same list if they are already, as they are in every record made from
     * another (a followed job's record is made again at each look: a hundred thousand lists need not be copied).
     */
    private static List<List<InputSplit>> immutable(List<List<InputSplit>> mapInputs) {
        List<List<InputSplit>> outer = List.copyOf(mapInputs); // itself, if unmodifiable already
        for (List<InputSplit> splits : outer) {
            if (List.copyOf(splits) != splits) return outer.stream().map(List::copyOf).toList();
        }
        return outer;
    }

    public long mapsDone() {
        return maps.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
    }

    /** The job's counters: the sum over every task of its winning run's counters, so nothing counts twice. */
    public Map<String, Long> counters() {
        CounterSums sums = new CounterSums();
        for (List<TaskRecord> tasks : List.of(maps, reduces)) {
            for (TaskRecord t : tasks) {
                if (t.state() == TaskState.SUCCEEDED) sums.add(t.counters());
            }
        }
        return sums.sums();
    }

    /** Refused at submission (see {@code Job.rejected}): it failed before any task was planned, and never ran. */
    public boolean refused() {
        return state == JobState.FAILED && maps.isEmpty() && reduces.isEmpty();
    }

    public long reducesDone() {
        return reduces.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
    }
}
