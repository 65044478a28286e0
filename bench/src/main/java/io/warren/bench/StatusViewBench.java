package io.warren.bench;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.domain.TaskState;
import io.warren.coordinator.status.JobTotals;
import io.warren.coordinator.status.TaskSelection;
import io.warren.coordinator.status.TaskTimeline;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Json;
import io.warren.protocol.Phase;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CPU the status API spends on a job of N map tasks, 70 % of them done, once the job is read (the reading, by
 * {@code JobFollowers}, costs what the journal gained since the last read): the timeline view ({@code
 * /api/jobs/<id>/timeline}), the job view with the page's 500 tasks to look at ({@code /api/jobs/<id>?tasks=500}) and
 * the default 1,000, and the job's counters and task counts (its line in {@code /api/jobs}), summed whole as at a
 * first look and kept from the last look with 50 tasks changed since, each encoded to JSON.
 * Median CPU time of the calling thread over 30 runs after 10 unmeasured ones, so that a busy machine still gives the
 * cost of the work, not the wait for a core.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.StatusViewBench 100000</pre>
 */
public final class StatusViewBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        JobRecord job = job(n);
        Instant now = job.submittedAt().plusSeconds(n / 250);
        time("timeline", () -> Json.encodeToString(TaskTimeline.of(job, now, 4000, 120)));
        time("job, 500 tasks to look at", () -> Json.encodeToString(TaskSelection.toLookAt(500).apply(job)));
        time("job, 1,000 tasks (default)", () -> Json.encodeToString(TaskSelection.toLookAt(1000).apply(job)));
        time("sums, whole (a first look)", () -> Json.encodeToString(new JobTotals().of(job)));
        JobTotals kept = new JobTotals();
        List<TaskRecord> maps = new ArrayList<>(job.maps());
        int[] looks = {0};
        time("sums, kept (50 tasks changed)", () -> {
            for (int i = 0; i < 50; i++) {
                int k = (looks[0] * 50 + i) % maps.size();
                TaskRecord t = maps.get(k);
                maps.set(k, new TaskRecord(t.phase(), t.number(), t.state(), t.attempt(), t.queuedAttempts(), t.backups(),
                        t.dispatchedAt(), t.finishedAt(), t.winner(), t.error(), t.errorDetail(), t.failedOn(), t.runs(),
                        t.counters()));
            }
            looks[0]++;
            return Json.encodeToString(kept.of(new JobRecord(job.jobId(), job.spec(), job.state(), job.submittedAt(),
                    null, null, null, job.mapInputs(), maps, job.reduces())));
        });
    }

    /** A job of {@code n} one-line map tasks, 70 % done on two workers, 4 ms each, one running per worker. */
    private static JobRecord job(int n) {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<TaskRecord> maps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant start = t0.plusMillis(2L * i);
            Instant end = start.plusMillis(4);
            boolean done = i < n * 7 / 10;
            boolean running = !done && i < n * 7 / 10 + 2;
            TaskRun run = new TaskRun(1, "worker-" + i % 2, start, start, done ? end : null,
                    done ? TaskRun.Outcome.SUCCEEDED : TaskRun.Outcome.RUNNING, null);
            maps.add(new TaskRecord(Phase.MAP, i, done ? TaskState.SUCCEEDED : running ? TaskState.RUNNING : TaskState.DISPATCHED,
                    1, done || running ? List.of() : List.of(1), 0, t0, done ? end : null, done ? run.worker() : null,
                    null, null, List.of(), done || running ? List.of(run) : List.of(), done ? Map.of("map.input.records", 1L,
                    "map.input.bytes", 17L, "map.output.records", 3L, "map.output.bytes", 40L) : Map.of()));
        }
        List<TaskRecord> reduces = List.of(
                new TaskRecord(Phase.REDUCE, 0, TaskState.PENDING, 0, List.of(), 0, null, null, null, null, null, List.of(),
                        List.of(), Map.of()),
                new TaskRecord(Phase.REDUCE, 1, TaskState.PENDING, 0, List.of(), 0, null, null, null, null, null, List.of(),
                        List.of(), Map.of()));
        return new JobRecord("big", JobSpec.of("big", "wordcount", null, List.of("big"), "out", 2, Map.of()),
                JobState.MAPPING, t0, null, null, null, List.of(), maps, reduces);
    }

    private static void time(String what, Supplier<String> view) {
        long[] cpu = new long[30];
        int bytes = 0;
        for (int run = 0; run < 40; run++) {
            long start = THREADS.getCurrentThreadCpuTime();
            bytes = view.get().length();
            if (run >= 10) cpu[run - 10] = THREADS.getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-28s median %.1f ms CPU (%,d bytes of JSON)%n", what, cpu[cpu.length / 2] / 1e6,
                bytes);
    }

    private StatusViewBench() {
    }
}
