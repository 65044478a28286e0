package io.warren.coordinator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.SchedulerListener;
import io.warren.coordinator.domain.TaskCensus;
import io.warren.coordinator.domain.TaskState;
import io.warren.coordinator.status.WorkerRegistry;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import io.warren.telemetry.ProcessMetrics;
import io.warren.telemetry.TaskMeters;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordinator's Prometheus metrics (served at {@code /metrics}). Gauges cover the jobs in progress and the live
 * workers; counters and timers count what happened since this process started:
 * <ul>
 *   <li>{@code warren_tasks{phase,state}}: tasks of running jobs;</li>
 *   <li>{@code warren_jobs{state}}: jobs on record by state, those running and the history kept;
 *       {@code warren_jobs_finished_total{state}}: jobs ended since this process started;</li>
 *   <li>{@code warren_task_attempts_total{phase}}, {@code warren_task_failures_total{phase,kind}};</li>
 *   <li>{@code warren_task_duration_seconds{phase}} and {@code warren_job_duration_seconds{state}}: histograms;</li>
 *   <li>{@code warren_job_admission_seconds}: from a job spec's arrival to its first tasks published and confirmed;</li>
 *   <li>{@code warren_input_bytes_total}, {@code warren_output_bytes_total}, {@code warren_records_total{stage}};</li>
 *   <li>{@code warren_workers_live}, {@code warren_worker_slots}, {@code warren_worker_slots_busy};</li>
 *   <li>the JVM's memory, GC, threads, classes, CPU, file descriptors and uptime.</li>
 * </ul>
 */
public final class CoordinatorMetrics implements SchedulerListener, AutoCloseable {
    private final ProcessMetrics process = new ProcessMetrics();
    private final MeterRegistry registry = process.registry();
    private final TaskMeters tasks = new TaskMeters(registry, "warren", "tasks' winning runs");
    /** Task counts of each running job, by phase and state; written by the scheduler's thread, read on scrapes. */
    private final Map<String, TaskCensus> census = new ConcurrentHashMap<>();
    private final Map<String, JobState> activeJobs = new ConcurrentHashMap<>();
    /** Ended jobs on record, by final state: counted when a coordinator starts, then kept up to date. */
    private final Map<JobState, java.util.concurrent.atomic.AtomicLong> ended = new java.util.EnumMap<>(JobState.class);

    public CoordinatorMetrics(WorkerRegistry workers) {
        for (Phase phase : Phase.values()) {
            for (TaskState state : TaskState.values()) {
                Gauge.builder("warren.tasks", () -> count(phase, state))
                        .description("Tasks of running jobs, by phase and state")
                        .tags("phase", phase.wireName(), "state", lower(state)).register(registry);
            }
        }
        for (JobState state : JobState.values()) {
            if (state.isTerminal()) {
                java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
                ended.put(state, count);
                Gauge.builder("warren.jobs", count::get).description("Jobs on record, by state")
                        .tag("state", lower(state)).register(registry);
            } else {
                Gauge.builder("warren.jobs", () -> activeJobs.values().stream().filter(s -> s == state).count())
                        .description("Jobs on record, by state").tag("state", lower(state)).register(registry);
            }
        }
        Gauge.builder("warren.workers.live", () -> workers.live().size())
                .description("Workers heard from within the last three beacon intervals").register(registry);
        Gauge.builder("warren.worker.slots", () -> workers.live().stream().mapToInt(WorkerRegistry.WorkerView::slots).sum())
                .description("Task slots of the live workers").register(registry);
        Gauge.builder("warren.worker.slots.busy", () -> workers.live().stream().mapToInt(w -> w.running().size()).sum())
                .description("Task slots of the live workers running a task").register(registry);
        for (JobState state : JobState.values()) {
            if (state.isTerminal()) jobsFinished(state); // present at zero from the start, so rates work at once
        }
        for (Phase phase : Phase.values()) attempts(phase);
    }

    private double count(Phase phase, TaskState state) {
        int sum = 0;
        for (TaskCensus counts : census.values()) sum += counts.count(phase, state);
        return sum;
    }

    @Override
    public void attemptsPublished(Phase phase, int count) {
        attempts(phase).increment(count);
    }

    private Counter attempts(Phase phase) {
        return Counter.builder("warren.task.attempts").description("Task attempts put on the task queue, retries and backups included")
                .tag("phase", phase.wireName()).register(registry);
    }

    @Override
    public void attemptFailed(AttemptFailure failure) {
        Counter.builder("warren.task.failures").description("Failed task attempts, by kind: failed, timed-out, lost-output")
                .tags("phase", failure.phase().wireName(), "kind", failure.kind()).register(registry).increment();
    }

    @Override
    public void taskSucceeded(Phase phase, Duration took, Map<String, Long> counters) {
        tasks.duration(phase.wireName(), took);
        tasks.processed(counters);
    }

    /** The jobs on record when a coordinator starts; ended ones count towards {@code warren_jobs}. */
    public void history(List<JobRecord> jobs) {
        ended.values().forEach(c -> c.set(0));
        for (JobRecord job : jobs) {
            if (job.state().isTerminal()) ended.get(job.state()).incrementAndGet();
        }
    }

    /** An ended job's record was deleted (history pruning). */
    public void forgotten(JobState state) {
        if (state.isTerminal()) ended.get(state).updateAndGet(n -> Math.max(0, n - 1));
    }

    @Override
    public void jobFinished(JobState state, Duration took) {
        jobsFinished(state).increment();
        if (state.isTerminal()) ended.get(state).incrementAndGet();
        Timer.builder("warren.job.duration").description("Time from submission to the end, by final state")
                .tag("state", lower(state)).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofDays(1))
                .register(registry).record(took);
    }

    /** A job was taken: its first tasks were published {@code took} after its spec arrived. */
    public void jobAdmitted(Duration took) {
        Timer.builder("warren.job.admission")
                .description("Time from a job spec's arrival to its first tasks published and confirmed")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1)).register(registry).record(took);
    }

    private Counter jobsFinished(JobState state) {
        return Counter.builder("warren.jobs.finished").description("Jobs ended, by final state")
                .tag("state", lower(state)).register(registry);
    }

    @Override
    public void jobSaved(String jobId, JobState state, TaskCensus tasks) {
        if (state.isTerminal()) {
            census.remove(jobId);
            activeJobs.remove(jobId);
            return;
        }
        census.put(jobId, tasks);
        activeJobs.put(jobId, state);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return process.scrape();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        process.close();
    }
}
