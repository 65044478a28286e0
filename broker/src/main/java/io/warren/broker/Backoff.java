package io.warren.broker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one pause policy for trying again: reconnecting, re-publishing, re-subscribing, standing by for the coordinator
 * lease, handing a task back. Pauses start at {@link #FIRST}, double, and stop growing at {@link #MAX}; each is
 * shortened by up to a fifth at random, so that the clients a lost broker node cut off all at once do not all come back
 * in step. {@link #MAX} bounds how long a client stays idle after the broker is back, and how long a standby coordinator
 * takes to notice that the lease is free. Retry loops are {@link #retry} and {@link #retryForever}; an instance counts
 * the pauses of one loop written out by hand, and is not thread-safe.
 */
public final class Backoff {
    public static final Duration FIRST = Duration.ofMillis(100);
    public static final Duration MAX = Duration.ofSeconds(2);
    private static final double JITTER = 0.2;
    /** Doubling {@link #FIRST} this often passes {@link #MAX} whatever the two are; it also keeps the shift in range. */
    private static final int DOUBLINGS = 30;

    private int pauses;

    /** One try of a step that {@link #retry} repeats. */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * The step's result; null, or an exception, calls for another try after a pause. An
         * {@link InterruptedException} ends the retrying at once.
         */
        T run() throws Exception;
    }

    /** {@link #retry} ran out of time; the cause is the last try's exception, if it threw one. */
    public static final class GaveUp extends Exception {
        GaveUp(Duration after, Exception last) {
            super("gave up after " + after.toMillis() + " ms", last);
        }
    }

    /**
     * Runs {@code attempt} until it gives a result, pausing between tries; gives up rather than pause past
     * {@code giveUpAfter} from the first try.
     *
     * @throws GaveUp when the time is up
     * @throws InterruptedException when the thread is interrupted while pausing, or the attempt throws it
     */
    public static <T> T retry(Duration giveUpAfter, Attempt<T> attempt) throws GaveUp, InterruptedException {
        return loop(giveUpAfter, attempt);
    }

    /** As {@link #retry}, for as long as it takes. */
    public static <T> T retryForever(Attempt<T> attempt) throws InterruptedException {
        try {
            return loop(null, attempt);
        } catch (GaveUp e) {
            throw new AssertionError("a retry without end gave up", e);
        }
    }

    private static <T> T loop(Duration giveUpAfter, Attempt<T> attempt) throws GaveUp, InterruptedException {
        long start = System.nanoTime();
        Backoff backoff = new Backoff();
        while (true) {
            Exception last = null;
            try {
                T result = attempt.run();
                if (result != null) return result;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            Duration pause = backoff.next();
            if (giveUpAfter != null && System.nanoTime() - start + pause.toNanos() > giveUpAfter.toNanos()) {
                throw new GaveUp(giveUpAfter, last);
            }
            Thread.sleep(pause.toMillis());
        }
    }

    /**
     * The pause before try number {@code retry + 1}: {@link #FIRST} doubled {@code retry - 1} times, at most
     * {@link #MAX}, shortened by up to a fifth at random.
     */
    public static Duration before(int retry) {
        if (retry < 1) throw new IllegalArgumentException("retry must be >= 1, got " + retry);
        long base = Math.min(MAX.toMillis(), FIRST.toMillis() << Math.min(retry - 1, DOUBLINGS));
        long jitter = (long) (base * JITTER * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(base - jitter);
    }

    /** The next pause of a loop that counts its own: {@link #before} one more than the pauses taken so far. */
    public Duration next() {
        if (pauses < DOUBLINGS) pauses++;
        return before(pauses);
    }

    /** After a success: the next failure starts again from {@link #FIRST}. */
    public void reset() {
        pauses = 0;
    }
}
