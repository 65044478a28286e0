package io.warren.broker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one pause policy for waiting on the broker: reconnecting, re-publishing, re-subscribing, standing by for the
 * coordinator lease. Pauses start at {@link #FIRST}, double, and stop growing at {@link #MAX}; each is shortened by up
 * to a fifth at random, so that the clients a lost broker node cut off all at once do not all come back in step.
 * {@link #MAX} bounds how long a client stays idle after the broker is back, and how long a standby coordinator takes to
 * notice that the lease is free. Not thread-safe: one per retry loop.
 */
public final class Backoff {
    public static final Duration FIRST = Duration.ofMillis(100);
    public static final Duration MAX = Duration.ofSeconds(2);
    private static final double JITTER = 0.2;

    private long nextMillis = FIRST.toMillis();

    /** The pause before the next try, and the one after it doubled (up to {@link #MAX}). */
    public Duration next() {
        long base = nextMillis;
        nextMillis = Math.min(MAX.toMillis(), nextMillis * 2);
        long jitter = (long) (base * JITTER * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(base - jitter);
    }

    /** Sleeps for {@link #next()}. */
    public void pause() throws InterruptedException {
        Thread.sleep(next().toMillis());
    }

    /** After a success: the next failure starts again from {@link #FIRST}. */
    public void reset() {
        nextMillis = FIRST.toMillis();
    }
}
