package io.warren.coordinator.status;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Job records with runs at given seconds after submission, for the timeline and throughput tests. */
final class TimelineRecords {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TimelineRecords() {
    }

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    static TaskRun run(int attempt, String worker, double start, Double end, TaskRun.Outcome outcome) {
        String error = outcome == TaskRun.Outcome.FAILED ? "boom" : null;
        return new TaskRun(attempt, worker, at(start), end == null ? at(start) : at(end), end == null ? null : at(end),
                outcome, error);
    }

    static TaskRecord task(Phase phase, int number, Map<String, Long> counters, TaskRun... runs) {
        boolean won = Arrays.stream(runs).anyMatch(r -> r.outcome() == TaskRun.Outcome.SUCCEEDED);
        boolean running = Arrays.stream(runs).anyMatch(TaskRun::isOpen);
        TaskState state = won ? TaskState.SUCCEEDED : running ? TaskState.RUNNING : TaskState.FAILED;
        int attempt = Arrays.stream(runs).mapToInt(TaskRun::attempt).max().orElse(0);
        return new TaskRecord(phase, number, state, attempt, List.of(), 0, T0, null, null, null, null, List.of(),
                List.of(runs), won ? counters : Map.of());
    }

    static JobRecord job(JobState state, Double finished, List<TaskRecord> maps, List<TaskRecord> reduces) {
        JobSpec spec = JobSpec.of("job-t", "wordcount", null, List.of("in"), "out", Math.max(1, reduces.size()), Map.of());
        return new JobRecord("job-t", spec, state, T0, finished == null ? null : at(finished), null, null, List.of(),
                new ArrayList<>(maps), new ArrayList<>(reduces));
    }
}
