package io.warren.coordinator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When to start backup attempts of stragglers, as in the MapReduce paper: only near the end of a phase (no attempt of
 * the phase waits on the queue, so spare workers exist), for tasks running longer than {@code slowness} times the
 * median time of their finished peers, and at least {@code minRuntime}.
 */
public record BackupPolicy(boolean enabled, double slowness, Duration minRuntime) {
    public static final double DEFAULT_SLOWNESS = 2.0;
    public static final Duration DEFAULT_MIN_RUNTIME = Duration.ofSeconds(10);

    public BackupPolicy {
        if (slowness < 1) throw new IllegalArgumentException("backup slowness must be >= 1, got " + slowness);
        if (minRuntime == null || minRuntime.isNegative()) throw new IllegalArgumentException("minRuntime must be >= 0");
    }

    public static BackupPolicy standard() {
        return new BackupPolicy(true, DEFAULT_SLOWNESS, DEFAULT_MIN_RUNTIME);
    }

    public static BackupPolicy off() {
        return new BackupPolicy(false, DEFAULT_SLOWNESS, DEFAULT_MIN_RUNTIME);
    }

    /**
     * The tasks of one phase that deserve a backup now; none while {@code waiting}, that is while a task of the phase
     * waits (PENDING, PARKED, or DISPATCHED: on the queue).
     */
    List<Task> stragglers(List<Task> phase, boolean waiting, Instant now) {
        if (!enabled || waiting) return List.of();
        List<Duration> finished = new ArrayList<>();
        phase.forEach(t -> t.history().winningDuration().ifPresent(finished::add));
        if (finished.isEmpty()) return List.of();
        finished.sort(null);
        Duration median = finished.get(finished.size() / 2);
        Duration threshold = max(minRuntime, Duration.ofNanos((long) (median.toNanos() * slowness)));
        return phase.stream()
                .filter(t -> t.state() == TaskState.RUNNING)
                .filter(t -> t.history().runningSince().map(s -> Duration.between(s, now).compareTo(threshold) > 0).orElse(false))
                .toList();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
