package io.warren.worker.exec;

import io.warren.api.Counters;

import java.util.Map;
import java.util.TreeMap;

/** One run's counters, built-in and the job's own; reported with the run's completion. */
public final class TaskCounters implements Counters {
    private final Map<String, Long> counts = new TreeMap<>();

    @Override
    public synchronized void increment(String name, long delta) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("counter name must not be blank");
        counts.merge(name, delta, Long::sum);
    }

    public synchronized Map<String, Long> snapshot() {
        return Map.copyOf(counts);
    }
}
