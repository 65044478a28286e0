package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tasks of a job worth a line in {@code warren status JOB}, however many tasks it has: failed ones, the slow
 * (running longer than {@value #SLOWNESS} times the median run of their phase's finished tasks, and over a second),
 * the others running, and those retried or backed up; in that order, each once, with a note saying why. Tasks waiting
 * (pending, or dispatched and still on the queue) are only counted: a big job has tens of thousands of them.
 */
final class TasksToLookAt {
    /** A running task this many times slower than its phase's median is called slow: a straggler. */
    static final double SLOWNESS = 2.0;
    private static final Duration MIN_SLOW = Duration.ofSeconds(1);

    record Row(TaskRecord task, String note) {
    }

    private TasksToLookAt() {
    }

    static List<Row> of(JobRecord job, Instant now) {
        Map<Phase, Duration> median = new EnumMap<>(Phase.class);
        median.put(Phase.MAP, median(job.maps()));
        median.put(Phase.REDUCE, median(job.reduces()));
        List<Row> failed = new ArrayList<>();
        List<Row> slow = new ArrayList<>();
        List<Row> running = new ArrayList<>();
        List<Row> retried = new ArrayList<>();
        for (List<TaskRecord> phase : List.of(job.maps(), job.reduces())) {
            for (TaskRecord t : phase) {
                if (t.state() == TaskState.FAILED) {
                    failed.add(new Row(t, "failed" + (t.error() == null ? "" : ": " + Cells.firstLine(t.error()))));
                } else if (t.state() == TaskState.RUNNING) {
                    Duration ran = ran(t, now);
                    Duration typical = median.get(t.phase());
                    if (typical != null && ran.compareTo(MIN_SLOW) > 0 && ran.toMillis() > SLOWNESS * typical.toMillis()) {
                        slow.add(new Row(t, String.format(Locale.ROOT, "slow: %.1fs, %.0fx the median", ran.toMillis() / 1e3,
                                ran.toMillis() / Math.max(1.0, typical.toMillis()))));
                    } else {
                        running.add(new Row(t, String.format(Locale.ROOT, "running %.1fs", ran.toMillis() / 1e3)));
                    }
                } else if (t.attempt() > 1 || t.backups() > 0) {
                    retried.add(new Row(t, t.backups() > 0 ? "backed up" : "retried: attempt " + t.attempt()));
                }
            }
        }
        Comparator<Row> longestFirst = Comparator.comparing((Row r) -> ran(r.task(), now)).reversed();
        slow.sort(longestFirst);
        running.sort(longestFirst);
        List<Row> all = new ArrayList<>(failed);
        all.addAll(slow);
        all.addAll(running);
        all.addAll(retried);
        return all;
    }

    /** How long the task's latest run has run: since it started, or since it was dispatched if its start is unknown. */
    private static Duration ran(TaskRecord t, Instant now) {
        Instant from = t.runs().isEmpty() || t.runs().get(t.runs().size() - 1).startedAt() == null
                ? t.dispatchedAt() : t.runs().get(t.runs().size() - 1).startedAt();
        return from == null ? Duration.ZERO : Duration.between(from, t.finishedAt() != null ? t.finishedAt() : now);
    }

    /** The median time from start to end of the phase's succeeded tasks; null if none has. */
    private static Duration median(List<TaskRecord> tasks) {
        long[] millis = tasks.stream().filter(t -> t.state() == TaskState.SUCCEEDED && t.startedAt() != null
                && t.finishedAt() != null).mapToLong(t -> Duration.between(t.startedAt(), t.finishedAt()).toMillis()).toArray();
        if (millis.length == 0) return null;
        java.util.Arrays.sort(millis);
        return Duration.ofMillis(millis[millis.length / 2]);
    }
}
