package io.warren.coordinator;

import io.warren.coordinator.domain.SchedulerListener;
import io.warren.coordinator.metrics.CoordinatorMetrics;
import io.warren.coordinator.status.RecentFailures;
import io.warren.coordinator.status.WorkerRegistry;

import java.time.Clock;
import java.util.List;

/**
 * What a coordinator process shows about itself beyond the job records: live workers, recent failures and metrics.
 * It outlives the {@link Coordinator}s of one process, so a standby that takes over keeps the counts and the workers
 * it has already heard of.
 */
public final class Observability implements AutoCloseable {
    private final WorkerRegistry workers;
    private final RecentFailures failures = new RecentFailures(100);
    private final CoordinatorMetrics metrics;
    private final Clock clock;

    public Observability(Clock clock) {
        this.clock = clock;
        this.workers = new WorkerRegistry(clock);
        this.metrics = new CoordinatorMetrics(workers);
    }

    /** The clock its views are read by, so that "now" on the status page is the coordinator's now. */
    public Clock clock() {
        return clock;
    }

    public WorkerRegistry workers() {
        return workers;
    }

    public RecentFailures failures() {
        return failures;
    }

    public CoordinatorMetrics metrics() {
        return metrics;
    }

    public SchedulerListener listener() {
        return SchedulerListener.all(List.of(metrics, failures));
    }

    @Override
    public void close() {
        metrics.close();
    }
}
