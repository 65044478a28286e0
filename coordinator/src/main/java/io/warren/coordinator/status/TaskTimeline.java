package io.warren.coordinator.status;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A job's task runs laid out for the status page's timeline, after Spark's event timeline and Figure 3 of the
 * MapReduce paper: one lane per task a worker ran at once, one bar per run from its start to its end, in milliseconds
 * since the job was submitted. Workers do not say which of their slots ran a task, so each worker's runs are packed
 * into the fewest lanes in which none overlap, which is as many as it ran at once.
 * <p>
 * A job with more runs than {@code maxBars} would make the page slow and its bars thinner than a pixel, so its short
 * first-try successes, back to back on one lane, are drawn as one bar each ({@link Bar#runs()} counts them); the
 * failures, reruns, backups and long runs stay bars of their own. If that is still too many, the longest and the
 * unusual ones are kept.
 */
public final class TaskTimeline {
    private TaskTimeline() {
    }

    /** A row of the timeline: the {@code slot}-th lane of {@code worker}, counted from 0. */
    public record Lane(String worker, int slot) {
    }

    /**
     * One run, or {@code runs} short successful runs of one phase merged into one bar, in which case {@code task} is
     * the first of them.
     *
     * @param start   milliseconds after submission; a run whose start was never heard of starts where it ended
     * @param end     milliseconds after submission; a running run ends now
     * @param outcome {@code running}, {@code succeeded}, {@code failed}, {@code timed-out}, {@code lost},
     *                {@code superseded} or {@code duplicate} (see {@link TaskRun.Outcome})
     * @param backup  started while an earlier attempt of the task still ran: a backup of a straggler
     */
    public record Bar(int lane, Phase phase, String task, int attempt, long start, long end, String outcome,
                      boolean backup, String error, int runs) {
    }

    /**
     * @param origin  when the job was submitted: time 0 of the bars
     * @param elapsed milliseconds from submission to the job's end, or to now while it runs (or to the latest run's
     *                end, if a late duplicate came after the job ended)
     * @param runs    every run of the job, drawn or merged or not
     */
    public record View(String jobId, JobState state, Instant origin, long elapsed, List<Lane> lanes, List<Bar> bars,
                       int runs, Throughput throughput) {
    }

    /** A run with its place on the time axis and its lane, while the view is built. */
    private record Placed(Phase phase, String task, TaskRun run, long start, long end, boolean backup) {
        boolean mergeable(long shorterThan) {
            return run.outcome() == TaskRun.Outcome.SUCCEEDED && run.attempt() == 1 && !backup
                    && end - start < shorterThan;
        }
    }

    public static View of(JobRecord job, Instant now, int maxBars, int maxBuckets) {
        Instant origin = job.submittedAt();
        Instant jobEnd = job.finishedAt() != null ? job.finishedAt() : now;
        List<Placed> placed = new ArrayList<>();
        for (TaskRecord task : Stream.concat(job.maps().stream(), job.reduces().stream()).toList()) {
            placed.addAll(place(task, origin, now));
        }
        long elapsed = Math.max(millis(origin, jobEnd), placed.stream().mapToLong(Placed::end).max().orElse(0));
        placed.sort(Comparator.comparing((Placed p) -> p.run().worker()).thenComparingLong(Placed::start)
                .thenComparingLong(Placed::end));
        List<Lane> lanes = new ArrayList<>();
        List<Integer> laneOf = pack(placed, lanes);
        List<Bar> bars = placed.size() <= maxBars ? every(placed, laneOf)
                : capped(merged(placed, laneOf, Math.max(elapsed / 1000, 3L * lanes.size() * elapsed / maxBars)), maxBars);
        return new View(job.jobId(), job.state(), origin, elapsed, lanes, bars, placed.size(),
                Throughput.of(job, origin, elapsed, maxBuckets));
    }

    private static List<Placed> place(TaskRecord task, Instant origin, Instant now) {
        List<Placed> out = new ArrayList<>();
        for (TaskRun r : task.runs()) {
            Instant started = r.startedAt() != null ? r.startedAt() : r.endedAt();
            Instant ended = r.endedAt() != null ? r.endedAt() : now;
            if (started == null) continue;
            long start = millis(origin, started);
            boolean backup = task.runs().stream().anyMatch(o -> o.attempt() < r.attempt() && o.startedAt() != null
                    && !o.startedAt().isAfter(started) && (o.endedAt() == null || o.endedAt().isAfter(started)));
            out.add(new Placed(task.phase(), task.phase().taskId(task.number()), r, start,
                    Math.max(start, millis(origin, ended)), backup));
        }
        return out;
    }

    /** Each worker's runs (sorted by worker, then start) into the first of its lanes that is free by then. */
    private static List<Integer> pack(List<Placed> sorted, List<Lane> lanes) {
        List<Integer> laneOf = new ArrayList<>(sorted.size());
        Map<String, List<Integer>> lanesOf = new HashMap<>();
        List<Long> freeFrom = new ArrayList<>();
        for (Placed p : sorted) {
            List<Integer> own = lanesOf.computeIfAbsent(p.run().worker(), w -> new ArrayList<>());
            Integer chosen = own.stream().filter(l -> freeFrom.get(l) <= p.start()).findFirst().orElse(null);
            if (chosen == null) {
                chosen = lanes.size();
                lanes.add(new Lane(p.run().worker(), own.size()));
                own.add(chosen);
                freeFrom.add(0L);
            }
            freeFrom.set(chosen, p.end());
            laneOf.add(chosen);
        }
        return laneOf;
    }

    private static List<Bar> every(List<Placed> placed, List<Integer> laneOf) {
        List<Bar> bars = new ArrayList<>(placed.size());
        for (int i = 0; i < placed.size(); i++) bars.add(bar(placed.get(i), laneOf.get(i), placed.get(i).end(), 1));
        return bars;
    }

    /** Runs of one lane, in start order, with short first-try successes back to back merged into one bar. */
    private static List<Bar> merged(List<Placed> placed, List<Integer> laneOf, long shorterThan) {
        Map<Integer, List<Placed>> byLane = new HashMap<>();
        for (int i = 0; i < placed.size(); i++) byLane.computeIfAbsent(laneOf.get(i), l -> new ArrayList<>()).add(placed.get(i));
        List<Bar> bars = new ArrayList<>();
        byLane.forEach((lane, runs) -> {
            Placed first = null;
            long end = 0;
            int count = 0;
            for (Placed p : runs) {
                boolean joins = first != null && p.mergeable(shorterThan) && p.phase() == first.phase()
                        && p.start() - end < shorterThan;
                if (joins) {
                    end = Math.max(end, p.end());
                    count++;
                    continue;
                }
                if (first != null) bars.add(bar(first, lane, end, count));
                if (p.mergeable(shorterThan)) {
                    first = p;
                    end = p.end();
                    count = 1;
                } else {
                    bars.add(bar(p, lane, p.end(), 1));
                    first = null;
                }
            }
            if (first != null) bars.add(bar(first, lane, end, count));
        });
        return bars;
    }

    /** At most {@code max} bars: the unusual ones first, then the longest; in lane and start order. */
    private static List<Bar> capped(List<Bar> bars, int max) {
        Comparator<Bar> keep = Comparator.comparing((Bar b) -> !unusual(b))
                .thenComparing(b -> b.end() - b.start(), Comparator.reverseOrder());
        Stream<Bar> kept = bars.size() <= max ? bars.stream() : bars.stream().sorted(keep).limit(max);
        return kept.sorted(Comparator.comparingInt(Bar::lane).thenComparingLong(Bar::start)).toList();
    }

    private static boolean unusual(Bar b) {
        return !b.outcome().equals("succeeded") || b.attempt() > 1 || b.backup();
    }

    private static Bar bar(Placed p, int lane, long end, int runs) {
        return new Bar(lane, p.phase(), p.task(), p.run().attempt(), p.start(), end, name(p.run().outcome()),
                p.backup(), p.run().error(), runs);
    }

    static String name(TaskRun.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static long millis(Instant origin, Instant t) {
        return Math.max(0, Duration.between(origin, t).toMillis());
    }
}
