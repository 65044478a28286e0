package io.warren.worker;

import io.warren.protocol.WorkerBeacon;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a worker's slots are doing, for its beacons, metrics and shutdown: deliveries in hand, the attempts running and
 * on which slot, and how many attempts ended reported as done or failed.
 */
final class SlotActivity {
    private final AtomicInteger inHand = new AtomicInteger();
    private final Map<Thread, WorkerBeacon.RunningTask> running = new ConcurrentHashMap<>();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    void took() {
        inHand.incrementAndGet();
    }

    void letGo() {
        inHand.decrementAndGet();
    }

    /** Deliveries a slot works on now: attempts running, and tasks being dropped or handed back. */
    int inHand() {
        return inHand.get();
    }

    /** The calling slot runs {@code task} from now on. */
    void running(WorkerBeacon.RunningTask task) {
        running.put(Thread.currentThread(), task);
    }

    /** The calling slot's attempt has ended. */
    void stopped() {
        running.remove(Thread.currentThread());
    }

    List<WorkerBeacon.RunningTask> running() {
        return List.copyOf(running.values());
    }

    void reportedDone() {
        done.incrementAndGet();
    }

    void reportedFailed() {
        failed.incrementAndGet();
    }

    long done() {
        return done.get();
    }

    long failed() {
        return failed.get();
    }
}
