package io.warren.coordinator;

import io.warren.broker.Backoff;
import io.warren.broker.port.Broker;
import io.warren.broker.port.Leadership;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.domain.Term;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A coordinator process's life: it stands by until it holds the broker's lease (another process may hold it), then
 * coordinates until the lease is lost or the process stops; after losing the lease it stands by again. The lease
 * only says who should coordinate: a process frozen or cut off from the broker learns late that it lost it. What
 * keeps such a deposed coordinator from writing is its {@link io.warren.coordinator.domain.Term}, claimed as it
 * starts: once a newer term exists its writes are refused, and it steps down here to stand by (docs/fencing.md).
 */
public final class ActiveStandby implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActiveStandby.class);

    private final Broker broker;
    private final String name;
    private final Supplier<JobStore> stores;
    private final Function<JobStore, Coordinator> coordinators;
    private final AtomicReference<Coordinator> current = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile Thread running;

    /**
     * @param name         what this process holds the lease as
     * @param stores       makes the job store for each time this process stands by: it follows the jobs while the
     *                     process waits for the lease ({@link JobStore#standBy}), so that taking over reads only what
     *                     was written since
     * @param coordinators makes the coordinator, over that store, for each time this process becomes active
     */
    public ActiveStandby(Broker broker, String name, Supplier<JobStore> stores,
                         Function<JobStore, Coordinator> coordinators) {
        this.broker = broker;
        this.name = name;
        this.stores = stores;
        this.coordinators = coordinators;
    }

    /**
     * Runs until {@link #close} or a coordinator fails for good (its storage or broker failed under it).
     *
     * @return 0 once stopped, 1 if a coordinator failed
     */
    public int run() {
        running = Thread.currentThread();
        Backoff backoff = new Backoff();
        JobStore store = null;
        try {
            while (!stopping) {
                // A store follows the jobs while this process stands by; it is kept across failed tries to take over,
                // so that what it read is not read again, and handed to the coordinator, which closes it.
                if (store == null) store = stores.get();
                JobStore standing = store;
                try (Leadership.Lease lease = standBy(standing);
                     Coordinator coordinator = coordinators.apply(standing)) {
                    store = null;
                    current.set(coordinator);
                    Thread watch = watchLease(lease, coordinator);
                    coordinator.start();
                    backoff.reset();
                    Throwable failure = coordinator.awaitStop();
                    watch.interrupt();
                    if (failure instanceof Term.Superseded deposed) {
                        log.warn("{} steps down to standby: {}", name, deposed.getMessage());
                    } else if (failure != null) {
                        return 1;
                    } else if (!stopping) {
                        log.warn("{} lost the coordinator lease; stepping down to standby", name);
                    }
                } catch (RuntimeException e) {
                    // Typically the broker connection is still recovering; try again shortly, as a standby.
                    if (stopping) break;
                    Duration pause = backoff.next();
                    log.warn("could not start coordinating ({}); retrying in {} ms", e.getMessage(), pause.toMillis());
                    Thread.sleep(pause.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (store != null) closeQuietly(store);
            current.set(null);
            running = null;
        }
        return 0;
    }

    /** Waits for the lease, following the jobs on record meanwhile (a hot standby: docs/job-state.md#a-hot-standby). */
    private Leadership.Lease standBy(JobStore store) throws InterruptedException {
        try (JobStore.Following following = store.standBy()) {
            return broker.awaitLeadership(name);
        }
    }

    private static void closeQuietly(JobStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("closing a job store: {}", e.toString());
            }
        }
    }

    /** Stops the coordinator when the lease is lost: the loop then stands by again. */
    private static Thread watchLease(Leadership.Lease lease, Coordinator coordinator) {
        Thread watch = new Thread(() -> {
            try {
                lease.awaitLoss();
            } catch (InterruptedException e) {
                return;
            }
            coordinator.close();
        }, "lease-watch");
        watch.setDaemon(true);
        watch.start();
        return watch;
    }

    /** Whether this process coordinates now. */
    public boolean isActive() {
        Coordinator c = current.get();
        return c != null && c.isActive();
    }

    /** Stops coordinating (or standing by), and makes {@link #run} return. */
    @Override
    public void close() {
        stopping = true;
        Coordinator c = current.get();
        if (c != null) c.close();
        Thread t = running;
        if (t != null) t.interrupt();
    }
}
