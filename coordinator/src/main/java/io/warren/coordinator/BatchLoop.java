package io.warren.coordinator;

import io.warren.broker.port.Delivery;
import io.warren.coordinator.domain.Term;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The coordinator's one thread. Work is taken in batches: everything waiting is applied, the flush runs (job records
 * saved, tasks published with confirms), and only then are the batch's messages acknowledged, so a crash at any point
 * loses nothing: unacknowledged input comes back, and duplicates are harmless.
 */
final class BatchLoop {
    private static final Logger log = LoggerFactory.getLogger(BatchLoop.class);
    private static final int MAX_BATCH = 1_000;
    /**
     * After a flush, a batch collects work for nine times as long as that flush took, so that saving job records takes
     * at most a tenth of a busy coordinator's time whatever their size, but never for longer than this: a large job's
     * record is saved at most ten times a second rather than once per event, while a small one (a flush of a
     * millisecond or two) moves on to its next phase within milliseconds. An idle coordinator answers at once.
     */
    private static final long MAX_FLUSH_INTERVAL_NANOS = 100_000_000L;
    private static final int FLUSH_INTERVAL_PER_FLUSH_TIME = 9;
    /** Naps while a batch collects, so that a full batch or a stop is seen within this. */
    private static final long COLLECT_NAP_NANOS = 5_000_000L;

    /** Thrown by an action that settled its delivery itself. */
    static final class Settled extends RuntimeException {
        Settled() {
            super(null, null, false, false);
        }
    }

    /** One thing for the loop to do, and the delivery to settle once its effects are durable (null if none). */
    private record Work(Runnable action, Delivery<?> delivery) {
    }

    private final BlockingQueue<Work> inbox = new LinkedBlockingQueue<>();
    private final Thread thread = new Thread(this::run, "coordinator");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Runnable flush;
    private final Runnable onFailure;
    private volatile boolean running;
    private volatile Throwable fatal;

    /**
     * @param flush     makes a batch's effects durable and tells them; runs after each batch
     * @param onFailure runs when the loop stops on a failure (storage or broker failed under it)
     */
    BatchLoop(Runnable flush, Runnable onFailure) {
        this.flush = flush;
        this.onFailure = onFailure;
    }

    /** Queues an action; {@code delivery} (null if none) is acknowledged once the action's batch is flushed. */
    void add(Runnable action, Delivery<?> delivery) {
        inbox.add(new Work(action, delivery));
    }

    void start() {
        running = true;
        thread.start();
    }

    boolean isRunning() {
        return running && stopped.getCount() > 0 && thread.isAlive();
    }

    /** Blocks until the loop stops; returns the failure that stopped it, if any. */
    Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return fatal;
    }

    /** Stops the loop after its current batch. */
    void stop() {
        running = false;
        inbox.add(new Work(() -> { }, null)); // wakes the loop now rather than at its next poll timeout
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Work> batch = new ArrayList<>();
        long lastFlush = 0;
        long flushInterval = 0;
        try {
            while (running) {
                Work first = inbox.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long until = lastFlush + flushInterval;
                // Collect until the window closes by sleeping through it, not by waiting on the inbox: a waiter would be
                // woken (a system call on each side) by every message as it arrives.
                for (long left = until - System.nanoTime(); left > 0 && inbox.size() < MAX_BATCH;
                     left = until - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(left, COLLECT_NAP_NANOS));
                    if (!running) break;
                }
                inbox.drainTo(batch, MAX_BATCH - 1);
                List<Delivery<?>> settle = apply(batch);
                long flushStart = System.nanoTime();
                flush.run();
                lastFlush = System.nanoTime();
                flushInterval = Math.min(MAX_FLUSH_INTERVAL_NANOS, FLUSH_INTERVAL_PER_FLUSH_TIME * (lastFlush - flushStart));
                Delivery.ackInOrder(settle); // the inbox keeps each subscription's order, and the batch is its head
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Term.Superseded deposed) {
            // Unacknowledged input goes back to the broker, for the coordinator of the newer term.
            fatal = deposed;
            log.warn("coordinator stopping: {}", deposed.getMessage());
            onFailure.run();
        } catch (RuntimeException | Error e) {
            // Storage or broker failed under us: stop consuming; unacked messages come back to the next coordinator.
            fatal = e;
            log.error("coordinator stopping: {}", e.toString(), e);
            onFailure.run();
        } finally {
            stopped.countDown();
        }
    }

    /** Runs the batch's actions; returns the deliveries to acknowledge after the flush. */
    private static List<Delivery<?>> apply(List<Work> batch) {
        List<Delivery<?>> settle = new ArrayList<>();
        for (Work w : batch) {
            try {
                w.action().run();
                if (w.delivery() != null) settle.add(w.delivery());
            } catch (Settled s) {
                // the action dead-lettered its own delivery
            } catch (Term.Superseded deposed) {
                throw deposed; // the loop stops, and nothing of this batch is flushed or acknowledged
            } catch (RuntimeException e) {
                log.error("bug: handling a message failed; dead-lettering it", e);
                if (w.delivery() != null) w.delivery().deadLetter("coordinator failed on it: " + e);
            }
        }
        return settle;
    }
}
