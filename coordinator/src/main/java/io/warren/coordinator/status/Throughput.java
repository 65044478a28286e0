package io.warren.coordinator.status;

import io.warren.api.Counters;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.domain.TaskState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's data rates over its life, for the status page: input read ({@code map.input.bytes}), intermediate data
 * written ({@code map.output.bytes}) and output written ({@code bytes.written}), in bytes per second per bucket of
 * {@code bucketMillis}, bucket 0 starting at submission.
 * <p>
 * Workers report a run's byte counts once, when it completes, so these are derived from the job record rather than
 * sampled: each succeeded task's counts are spread evenly over its winning run, from start to end. A running task
 * shows up when it ends; failed and duplicate runs, whose counts the coordinator does not keep, never do. Buckets are
 * a whole number of seconds (1, 2, 5, 10, ...), as few as keep their count at most {@code maxBuckets}. The last one
 * runs to the end of the span: a remainder shorter than half a bucket is part of it, rather than a sliver of its own
 * whose rate would jump about.
 */
public record Throughput(long bucketMillis, List<Long> input, List<Long> intermediate, List<Long> output) {
    private static final long[] WIDTHS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200,
            86400};

    public Throughput {
        input = List.copyOf(input);
        intermediate = List.copyOf(intermediate);
        output = List.copyOf(output);
    }

    /** @param elapsed milliseconds from {@code origin} to the job's end, or to now while it runs */
    static Throughput of(JobRecord job, Instant origin, long elapsed, int maxBuckets) {
        if (maxBuckets < 1) throw new IllegalArgumentException("maxBuckets must be >= 1, got " + maxBuckets);
        long span = Math.max(1, elapsed);
        long width = WIDTHS[WIDTHS.length - 1] * 1000;
        for (long seconds : WIDTHS) {
            if (ceilDiv(span, seconds * 1000) <= maxBuckets) {
                width = seconds * 1000;
                break;
            }
        }
        long whole = span / width;
        int buckets = (int) Math.max(1, Math.min(maxBuckets, span - whole * width >= width / 2 ? whole + 1 : whole));
        double[] in = new double[buckets];
        double[] mid = new double[buckets];
        double[] out = new double[buckets];
        for (List<TaskRecord> phase : List.of(job.maps(), job.reduces())) {
            for (TaskRecord task : phase) {
                TaskRun won = task.state() == TaskState.SUCCEEDED ? winning(task.runs()) : null;
                if (won == null || won.endedAt() == null) continue;
                long end = TaskTimeline.millis(origin, won.endedAt());
                long start = won.startedAt() == null ? end : Math.min(end, TaskTimeline.millis(origin, won.startedAt()));
                spread(in, width, start, end, task.counters().getOrDefault(Counters.MAP_INPUT_BYTES, 0L));
                spread(mid, width, start, end, task.counters().getOrDefault(Counters.MAP_OUTPUT_BYTES, 0L));
                spread(out, width, start, end, task.counters().getOrDefault(Counters.BYTES_WRITTEN, 0L));
            }
        }
        return new Throughput(width, perSecond(in, width, span), perSecond(mid, width, span), perSecond(out, width, span));
    }

    private static TaskRun winning(List<TaskRun> runs) {
        for (TaskRun r : runs) {
            if (r.outcome() == TaskRun.Outcome.SUCCEEDED) return r;
        }
        return null;
    }

    /** Adds {@code bytes} to the buckets [start, end) overlaps, in proportion to the overlap; all of it at an instant. */
    private static void spread(double[] buckets, long width, long start, long end, long bytes) {
        if (bytes == 0) return;
        int last = buckets.length - 1;
        if (end <= start) {
            buckets[(int) Math.min(last, start / width)] += bytes;
            return;
        }
        // The last bucket takes in the remainder of the span, so a run may start past its nominal end.
        for (long b = Math.min(last, start / width); b <= Math.min(last, (end - 1) / width); b++) {
            long from = Math.max(start, b * width);
            long to = b == last ? end : Math.min(end, (b + 1) * width);
            buckets[(int) b] += (double) bytes * (to - from) / (end - start);
        }
    }

    /** Bytes per second; the last bucket covers the time up to the end of the span. */
    private static List<Long> perSecond(double[] buckets, long width, long span) {
        List<Long> rates = new ArrayList<>(buckets.length);
        for (int b = 0; b < buckets.length; b++) {
            long covered = b < buckets.length - 1 ? width : Math.max(1, span - b * width);
            rates.add(Math.round(buckets[b] * 1000 / covered));
        }
        return rates;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
