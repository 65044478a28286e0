package io.warren.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.warren.api.Counters;

import java.time.Duration;
import java.util.Map;

/**
 * What the coordinator and a worker both measure of task runs, under their own prefix ({@code warren} or
 * {@code warren.worker}): {@code <prefix>.task.duration{phase}}, a run-time histogram, and the data the runs processed,
 * from their built-in counters: {@code <prefix>.input.bytes}, {@code <prefix>.output.bytes} and
 * {@code <prefix>.records{stage}}.
 */
public final class TaskMeters {
    private static final Map<String, String> RECORD_STAGES = Map.of(
            Counters.MAP_INPUT_RECORDS, "map_input", Counters.MAP_OUTPUT_RECORDS, "map_output",
            Counters.REDUCE_INPUT_RECORDS, "reduce_input", Counters.REDUCE_OUTPUT_RECORDS, "reduce_output");

    private final MeterRegistry registry;
    private final String prefix;
    private final String runs;

    /** @param runs which runs are counted, for the meters' descriptions ("winning runs", say) */
    public TaskMeters(MeterRegistry registry, String prefix, String runs) {
        this.registry = registry;
        this.prefix = prefix;
        this.runs = runs;
    }

    public void duration(String phase, Duration took) {
        Timer.builder(prefix + ".task.duration").description("Run time of " + runs).tag("phase", phase)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(2))
                .register(registry).record(took);
    }

    /** Adds one run's built-in counters. */
    public void processed(Map<String, Long> counters) {
        bytes(prefix + ".input.bytes", "Input bytes read by " + runs, counters.get(Counters.MAP_INPUT_BYTES));
        bytes(prefix + ".output.bytes", "Output bytes committed by " + runs, counters.get(Counters.BYTES_WRITTEN));
        RECORD_STAGES.forEach((counter, stage) -> {
            Long n = counters.get(counter);
            if (n != null && n > 0) {
                Counter.builder(prefix + ".records").description("Records processed by " + runs + ", by stage")
                        .tag("stage", stage).register(registry).increment(n);
            }
        });
    }

    private void bytes(String name, String description, Long amount) {
        Counter c = Counter.builder(name).baseUnit("bytes").description(description).register(registry);
        if (amount != null && amount > 0) c.increment(amount);
    }
}
