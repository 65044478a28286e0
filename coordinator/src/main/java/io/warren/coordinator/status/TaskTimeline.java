package io.warren.coordinator.status;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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

    /**
     * A run with its place on the time axis, while the view is built. {@code worker} numbers its worker among the
     * job's (see {@code Workers}), so that sorting a hundred thousand runs compares numbers, not strings.
     */
    private record Placed(TaskRecord task, TaskRun run, int worker, long start, long end, boolean backup) {
        boolean mergeable(long shorterThan) {
            return run.outcome() == TaskRun.Outcome.SUCCEEDED && run.attempt() == 1 && !backup
                    && end - start < shorterThan;
        }

        Phase phase() {
            return task.phase();
        }
    }

    /** Runs by their worker's rank ({@code rank[p.worker()]}), then start, then end. */
    private static Comparator<Placed> byWorkerAndTime(int[] rank) {
        return (a, b) -> {
            int c = Integer.compare(rank[a.worker()], rank[b.worker()]);
            if (c != 0) return c;
            c = Long.compare(a.start(), b.start());
            return c != 0 ? c : Long.compare(a.end(), b.end());
        };
    }

    public static View of(JobRecord job, Instant now, int maxBars, int maxBuckets) {
        Instant origin = job.submittedAt();
        Instant jobEnd = job.finishedAt() != null ? job.finishedAt() : now;
        Workers workers = new Workers();
        List<Placed> placed = new ArrayList<>();
        for (List<TaskRecord> phase : List.of(job.maps(), job.reduces())) {
            for (TaskRecord task : phase) place(task, workers, origin, now, placed);
        }
        long elapsed = millis(origin, jobEnd);
        for (Placed p : placed) elapsed = Math.max(elapsed, p.end());
        placed.sort(byWorkerAndTime(workers.ranks()));
        List<Lane> lanes = new ArrayList<>();
        int[] laneOf = pack(placed, lanes);
        List<Bar> bars = placed.size() <= maxBars ? every(placed, laneOf)
                : capped(merged(placed, laneOf, lanes.size(), Math.max(elapsed / 1000, 3L * lanes.size() * elapsed / maxBars)),
                maxBars);
        return new View(job.jobId(), job.state(), origin, elapsed, lanes, bars, placed.size(),
                Throughput.of(job, origin, elapsed, maxBuckets));
    }

    /**
     * The job's workers as its runs name them, numbered in the order first met, then ranked by id: a job has a few
     * workers and a hundred thousand runs, whose worker ids are one shared string each (TaskRun interns them), so a
     * run's worker is found by identity as the last one met before any map is asked.
     */
    private static final class Workers {
        private final List<String> met = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private String last;
        private int lastIndex;

        int indexOf(String worker) {
            if (worker == last && worker != null) return lastIndex;
            Integer i = index.get(worker);
            if (i == null) {
                i = met.size();
                met.add(worker);
                index.put(worker, i);
            }
            last = worker;
            lastIndex = i;
            return i;
        }

        /** Each worker's rank among the ids, in their order, by its number from {@link #indexOf}. */
        int[] ranks() {
            List<String> names = new ArrayList<>(met);
            Collections.sort(names);
            int[] rank = new int[met.size()];
            for (int i = 0; i < met.size(); i++) rank[i] = Collections.binarySearch(names, met.get(i));
            return rank;
        }
    }

    private static void place(TaskRecord task, Workers workers, Instant origin, Instant now, List<Placed> out) {
        List<TaskRun> runs = task.runs();
        for (TaskRun r : runs) {
            Instant started = r.startedAt() != null ? r.startedAt() : r.endedAt();
            Instant ended = r.endedAt() != null ? r.endedAt() : now;
            if (started == null) continue;
            long start = millis(origin, started);
            boolean backup = runs.size() > 1 && runs.stream().anyMatch(o -> o.attempt() < r.attempt()
                    && o.startedAt() != null && !o.startedAt().isAfter(started)
                    && (o.endedAt() == null || o.endedAt().isAfter(started)));
            out.add(new Placed(task, r, workers.indexOf(r.worker()), start, Math.max(start, millis(origin, ended)), backup));
        }
    }

    /** Each worker's runs (sorted by worker, then start) into the first of its lanes that is free by then. */
    private static int[] pack(List<Placed> sorted, List<Lane> lanes) {
        int[] laneOf = new int[sorted.size()];
        long[] freeFrom = new long[16];
        int firstOwn = 0; // the worker's lanes are lanes firstOwn.. lanes.size()-1, as runs come sorted by worker
        int worker = -1;
        for (int i = 0; i < sorted.size(); i++) {
            Placed p = sorted.get(i);
            if (p.worker() != worker) {
                worker = p.worker();
                firstOwn = lanes.size();
            }
            int chosen = -1;
            for (int l = firstOwn; l < lanes.size(); l++) {
                if (freeFrom[l] <= p.start()) {
                    chosen = l;
                    break;
                }
            }
            if (chosen < 0) {
                chosen = lanes.size();
                lanes.add(new Lane(p.run().worker(), chosen - firstOwn));
                if (chosen == freeFrom.length) freeFrom = Arrays.copyOf(freeFrom, 2 * chosen);
            }
            freeFrom[chosen] = p.end();
            laneOf[i] = chosen;
        }
        return laneOf;
    }

    private static List<Bar> every(List<Placed> placed, int[] laneOf) {
        List<Bar> bars = new ArrayList<>(placed.size());
        for (int i = 0; i < placed.size(); i++) bars.add(bar(placed.get(i), laneOf[i], placed.get(i).end(), 1));
        return bars;
    }

    /** Runs of one lane, in start order, with short first-try successes back to back merged into one bar. */
    private static List<Bar> merged(List<Placed> placed, int[] laneOf, int lanes, long shorterThan) {
        List<List<Placed>> byLane = new ArrayList<>(lanes);
        for (int l = 0; l < lanes; l++) byLane.add(new ArrayList<>());
        for (int i = 0; i < placed.size(); i++) byLane.get(laneOf[i]).add(placed.get(i));
        List<Bar> bars = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            List<Placed> runs = byLane.get(lane);
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
        }
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
        return new Bar(lane, p.phase(), p.phase().taskId(p.task().number()), p.run().attempt(), p.start(), end,
                name(p.run().outcome()),
                p.backup(), p.run().error(), runs);
    }

    static String name(TaskRun.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whole milliseconds from {@code origin} to {@code t} (as {@code Duration.between(..).toMillis()}), at least 0. */
    static long millis(Instant origin, Instant t) {
        long nanos = (t.getEpochSecond() - origin.getEpochSecond()) * 1_000_000_000L + (t.getNano() - origin.getNano());
        return Math.max(0, Math.floorDiv(nanos, 1_000_000L));
    }
}
