package io.warren.coordinator;

import io.warren.broker.Backoff;
import io.warren.broker.port.Broker;
import io.warren.broker.port.Leadership;
import io.warren.coordinator.domain.Term;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
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
    private final Supplier<Coordinator> coordinators;
    private final AtomicReference<Coordinator> current = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile Thread running;

    /**
     * @param name         what this process holds the lease as
     * @param coordinators makes the coordinator for each time this process becomes active
     */
    public ActiveStandby(Broker broker, String name, Supplier<Coordinator> coordinators) {
        this.broker = broker;
        this.name = name;
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
        try {
            while (!stopping) {
                try (Leadership.Lease lease = broker.awaitLeadership(name);
                     Coordinator coordinator = coordinators.get()) {
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
            current.set(null);
            running = null;
        }
        return 0;
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
