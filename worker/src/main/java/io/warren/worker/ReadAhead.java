package io.warren.worker;

import java.time.Duration;

/**
 * Whether a worker takes tasks ahead of its free slots. A finished task's delivery stays unacknowledged until its
 * report is confirmed, a round trip of a millisecond or more; with a prefetch of one task per slot the next task
 * cannot arrive before that, which for tiny tasks doubles the time each takes. So while tasks are short (under 50 ms
 * on average) the worker asks for a second task per slot, and as soon as they are long (over 200 ms) it stops, so
 * that no task waits long in a busy worker while another worker could run it. The decision follows a moving average
 * of run times, with a gap between the two thresholds so that it does not flap.
 */
final class ReadAhead {
    static final Duration SHORT = Duration.ofMillis(50);
    static final Duration LONG = Duration.ofMillis(200);
    private static final double WEIGHT = 0.2;
    private final int slots;
    private double averageMillis = LONG.toMillis(); // unknown work is treated as long
    private boolean ahead;

    ReadAhead(int slots) {
        this.slots = slots;
    }

    /** The prefetch to start with: one task per slot. */
    synchronized int prefetch() {
        return ahead ? 2 * slots : slots;
    }

    /** Records one task's run time; returns the prefetch to use from now on. */
    synchronized int ran(Duration took) {
        averageMillis += WEIGHT * (took.toNanos() / 1e6 - averageMillis);
        if (!ahead && averageMillis < SHORT.toMillis()) ahead = true;
        else if (ahead && averageMillis > LONG.toMillis()) ahead = false;
        return prefetch();
    }
}
