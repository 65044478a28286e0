package io.warren.coordinator.status;

import io.warren.protocol.WorkerBeacon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers this coordinator has heard from, kept from their beacons. A worker counts as live until it misses
 * {@link #MISSED_BEACONS} beacons in a row or says it is stopping. Thread-safe: beacons arrive on the broker's thread,
 * the status page and metrics read from theirs.
 */
public final class WorkerRegistry {
    public static final int MISSED_BEACONS = 3;
    /** Gone workers are forgotten after this long. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, Seen> workers = new ConcurrentHashMap<>();
    /** Workers already reported by {@link #takeDiedIdle}. */
    private final java.util.Set<String> reportedDead = ConcurrentHashMap.newKeySet();

    private record Seen(WorkerBeacon beacon, Instant receivedAt) {
    }

    /** A worker as the status page shows it. */
    public record WorkerView(String workerId, String host, int slots, List<WorkerBeacon.RunningTask> running,
                             long tasksDone, long tasksFailed, Instant startedAt, Instant lastSeen) {
    }

    public WorkerRegistry(Clock clock) {
        this.clock = clock;
    }

    public void record(WorkerBeacon beacon) {
        Instant now = clock.instant();
        if (beacon.stopping()) {
            workers.remove(beacon.workerId());
        } else {
            workers.merge(beacon.workerId(), new Seen(beacon, now),
                    (old, fresh) -> fresh.beacon().at().isBefore(old.beacon().at()) ? old : fresh);
        }
        workers.values().removeIf(s -> s.receivedAt().plus(FORGET_AFTER).isBefore(now));
    }

    /**
     * The workers that fell silent, without saying they were stopping, while their last beacon said they ran nothing,
     * since the last call: deaths that may have no task behind them. Each is reported once.
     */
    public List<String> takeDiedIdle() {
        Instant now = clock.instant();
        List<String> died = new java.util.ArrayList<>();
        for (Seen s : workers.values()) {
            boolean silent = s.receivedAt().plusMillis(s.beacon().intervalMillis() * MISSED_BEACONS).isBefore(now);
            if (silent && s.beacon().running().isEmpty() && reportedDead.add(s.beacon().workerId())) {
                died.add(s.beacon().workerId());
            }
        }
        reportedDead.removeIf(id -> !workers.containsKey(id));
        return died;
    }

    /** Live workers, by id. */
    public List<WorkerView> live() {
        Instant now = clock.instant();
        return workers.values().stream()
                .filter(s -> !s.receivedAt().plusMillis(s.beacon().intervalMillis() * MISSED_BEACONS).isBefore(now))
                .map(s -> new WorkerView(s.beacon().workerId(), s.beacon().host(), s.beacon().slots(),
                        s.beacon().running(), s.beacon().tasksDone(), s.beacon().tasksFailed(), s.beacon().startedAt(),
                        s.receivedAt()))
                .sorted(Comparator.comparing(WorkerView::workerId))
                .toList();
    }
}
