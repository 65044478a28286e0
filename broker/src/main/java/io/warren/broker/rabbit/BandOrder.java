package io.warren.broker.rabbit;

import io.warren.broker.port.Delivery;
import io.warren.broker.port.Subscription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntToLongFunction;

/**
 * Priorities over several queues, one per band: a consumer on every band's queue, each with the subscription's
 * prefetch, feeds deliveries in here, and they reach the handler at most {@code prefetch} unsettled at a time, the
 * highest band first and, within a band, in the order they came. Before handing out a delivery while a higher band has
 * none waiting here, it asks that band's queue whether messages are ready: if so, their delivery is on its way, and
 * the lower one waits for it (checking again every {@link #RECHECK_MILLIS} ms, in case another consumer took them),
 * also while those messages are in flight: no longer ready in the queue, not yet here.
 * So among the tasks waiting in the queues, a consumer gets one of the highest band that has any, as with a priority
 * queue; what it cannot undo is a lower task already handed to it before the higher one was published.
 */
final class BandOrder<T> implements Subscription {
    static final long RECHECK_MILLIS = 20;
    /** How long messages a band's queue reported ready may take to arrive once they are no longer ready there. */
    static final long IN_FLIGHT_MILLIS = 500;

    private record Held<T>(int band, long seq, Delivery<T> delivery) {
    }

    private final PriorityQueue<Held<T>> waiting = new PriorityQueue<>(
            Comparator.<Held<T>>comparingInt(h -> -h.band()).thenComparingLong(Held::seq));
    private final Consumer<Delivery<T>> handler;
    private final IntToLongFunction readyIn;
    private final int bandCount;
    private final List<Subscription> bands = new ArrayList<>();
    private final ScheduledExecutorService recheck;
    private int limit;
    private int inHand;
    private long window;
    private long seq;
    private boolean stopped;
    private boolean recheckPending;
    /** Per band: messages its queue last reported ready that have not arrived here since, and when it reported them. */
    private final long[] owed;
    private final long[] owedSince;

    private BandOrder(int bandCount, int prefetch, Consumer<Delivery<T>> handler, IntToLongFunction readyIn) {
        this.bandCount = bandCount;
        this.limit = prefetch;
        this.handler = handler;
        this.readyIn = readyIn;
        this.owed = new long[bandCount];
        this.owedSince = new long[bandCount];
        this.recheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "band-order");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens one subscription per band through {@code open(band, handler)}, the highest band first. */
    static <T> BandOrder<T> subscribe(int bandCount, int prefetch, Consumer<Delivery<T>> handler,
                                      IntToLongFunction readyIn,
                                      BiFunction<Integer, Consumer<Delivery<T>>, Subscription> open) {
        BandOrder<T> order = new BandOrder<>(bandCount, prefetch, handler, readyIn);
        for (int band = bandCount - 1; band >= 0; band--) {
            int b = band;
            order.bands.add(open.apply(b, d -> order.offer(b, d)));
        }
        return order;
    }

    private void offer(int band, Delivery<T> delivery) {
        synchronized (this) {
            waiting.add(new Held<>(band, seq++, delivery));
            if (owed[band] > 0) owed[band]--;
        }
        drain();
    }

    /** Hands out what it may; runs on a delivery thread, a settling thread or the recheck thread, one at a time. */
    private void drain() {
        while (true) {
            Held<T> next;
            synchronized (this) {
                if (stopped || inHand >= limit || waiting.isEmpty()) return;
                next = waiting.peek();
            }
            if (higherBandHasReady(next.band())) {
                scheduleRecheck();
                return;
            }
            synchronized (this) {
                if (stopped || inHand >= limit || waiting.isEmpty()) return;
                next = waiting.poll(); // a higher one may have arrived meanwhile: it comes first
                inHand++;
            }
            hand(next.delivery());
        }
    }

    /**
     * Whether a higher band has messages on their way: ready in its queue, or reported ready by the last look and
     * not arrived since, for at most {@link #IN_FLIGHT_MILLIS} (a message the broker is pushing to this consumer is
     * no longer ready there, and not here yet; one another consumer took never comes).
     */
    private boolean higherBandHasReady(int band) {
        for (int higher = band + 1; higher < bandCount; higher++) {
            long ready = readyIn.applyAsLong(higher);
            long now = System.nanoTime();
            synchronized (this) {
                if (ready > 0) {
                    owed[higher] = ready;
                    owedSince[higher] = now;
                    return true;
                }
                if (owed[higher] > 0 && now - owedSince[higher] < TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_MILLIS)) {
                    return true;
                }
                owed[higher] = 0;
            }
        }
        return false;
    }

    private synchronized void scheduleRecheck() {
        if (recheckPending || stopped) return;
        recheckPending = true;
        recheck.schedule(() -> {
            synchronized (this) {
                recheckPending = false;
            }
            drain();
        }, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void hand(Delivery<T> delivery) {
        AtomicBoolean settled = new AtomicBoolean();
        long handedIn;
        synchronized (this) {
            handedIn = window;
        }
        Runnable release = () -> {
            if (settled.compareAndSet(false, true)) {
                synchronized (this) {
                    if (handedIn == window) inHand--;
                }
                drain();
            }
        };
        Delivery<T> tracked = new Delivery<>() {
            @Override
            public T message() {
                return delivery.message();
            }

            @Override
            public boolean redelivered() {
                return delivery.redelivered();
            }

            @Override
            public void ack() {
                delivery.ack();
                release.run();
            }

            @Override
            public void requeue() {
                delivery.requeue();
                release.run();
            }

            @Override
            public void deadLetter(String reason) {
                delivery.deadLetter(reason);
                release.run();
            }
        };
        try {
            handler.accept(tracked);
        } catch (RuntimeException e) {
            tracked.deadLetter("consumer failed: " + e);
        }
    }

    @Override
    public void setPrefetch(int prefetch) {
        if (prefetch < 1) throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
        synchronized (this) {
            // As on one queue: a fresh window beside the deliveries in hand.
            inHand = 0;
            window++;
            limit = prefetch;
        }
        bands.forEach(b -> b.setPrefetch(prefetch));
        drain();
    }

    /** Stops new deliveries; those waiting here, never handed out, go back to their queues for other consumers. */
    @Override
    public void stopConsuming() {
        List<Held<T>> back;
        synchronized (this) {
            stopped = true;
            back = new ArrayList<>(waiting);
            waiting.clear();
        }
        bands.forEach(Subscription::stopConsuming);
        back.forEach(h -> h.delivery().requeue());
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            waiting.clear();
        }
        bands.forEach(Subscription::close);
        recheck.shutdownNow();
    }
}
