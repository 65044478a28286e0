package io.warren.coordinator.status;

import io.warren.coordinator.domain.MutableClock;
import io.warren.protocol.Phase;
import io.warren.protocol.WorkerBeacon;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerRegistryTest {
    private static final long INTERVAL = 1_000;
    private final MutableClock clock = new MutableClock();
    private final WorkerRegistry registry = new WorkerRegistry(clock);

    private void beacon(String worker, boolean running, boolean stopping) {
        List<WorkerBeacon.RunningTask> tasks = running
                ? List.of(new WorkerBeacon.RunningTask("j1", Phase.MAP, 0, 1, clock.instant())) : List.of();
        registry.record(new WorkerBeacon(worker, "host", 1, tasks, 0, 0, clock.instant(), clock.instant(), INTERVAL,
                stopping));
    }

    @Test
    void aWorkerThatFallsSilentWhileIdleIsReportedOnceAsAnIdleDeath() {
        beacon("w-idle", false, false);
        beacon("w-busy", true, false);
        beacon("w-leaving", false, false);
        beacon("w-leaving", false, true);
        clock.advance(Duration.ofMillis(INTERVAL * WorkerRegistry.MISSED_BEACONS - 1));
        assertThat(registry.takeDiedIdle()).as("not silent long enough yet").isEmpty();

        clock.advance(Duration.ofMillis(2));
        assertThat(registry.takeDiedIdle()).containsExactly("w-idle");
        assertThat(registry.takeDiedIdle()).as("each death once").isEmpty();
    }
}
