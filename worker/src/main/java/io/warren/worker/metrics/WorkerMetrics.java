package io.warren.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.warren.protocol.Phase;
import io.warren.telemetry.ProcessMetrics;
import io.warren.telemetry.TaskMeters;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One worker process's Prometheus metrics (served at {@code /metrics} when the worker has an HTTP port):
 * <ul>
 *   <li>{@code warren_worker_tasks_total{phase,outcome}}: outcome is {@code succeeded}, {@code failed},
 *       {@code abandoned} (its job ended while it ran) or {@code dropped} (its job had ended before it started);</li>
 *   <li>{@code warren_worker_task_duration_seconds{phase}}: histogram of run times;</li>
 *   <li>{@code warren_worker_slots}, {@code warren_worker_slots_busy};</li>
 *   <li>{@code warren_worker_input_bytes_total}, {@code warren_worker_output_bytes_total},
 *       {@code warren_worker_records_total{stage}}: from the counters of every run that succeeded here;</li>
 *   <li>the JVM's memory, GC, threads, classes, CPU, file descriptors and uptime.</li>
 * </ul>
 */
public final class WorkerMetrics implements AutoCloseable {
    public enum Outcome { SUCCEEDED, FAILED, ABANDONED, DROPPED }

    private final ProcessMetrics process = new ProcessMetrics();
    private final MeterRegistry registry = process.registry();
    private final TaskMeters tasks = new TaskMeters(registry, "warren.worker", "task runs on this worker");

    public WorkerMetrics(int slots, IntSupplier busy) {
        Gauge.builder("warren.worker.slots", () -> slots).description("Tasks this worker runs at once").register(registry);
        Gauge.builder("warren.worker.slots.busy", busy::getAsInt).description("Slots running a task now").register(registry);
        for (Phase phase : Phase.values()) {
            for (Outcome outcome : Outcome.values()) tasks(phase, outcome);
        }
    }

    private Counter tasks(Phase phase, Outcome outcome) {
        return Counter.builder("warren.worker.tasks").description("Task runs ended on this worker, by outcome")
                .tags("phase", phase.wireName(), "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry);
    }

    public void taskEnded(Phase phase, Outcome outcome, Duration took, Map<String, Long> counters) {
        tasks(phase, outcome).increment();
        if (outcome == Outcome.DROPPED) return;
        tasks.duration(phase.wireName(), took);
        if (outcome == Outcome.SUCCEEDED) tasks.processed(counters);
    }

    public String scrape() {
        return process.scrape();
    }

    @Override
    public void close() {
        process.close();
    }
}
