package io.warren.broker.port;

/** Exactly one coordinator is active at a time; the others wait for its lease to end. */
public final class Leadership {

    /** The right to act as the coordinator. */
    public interface Lease extends AutoCloseable {
        /** Blocks until the lease is lost or closed. */
        void awaitLoss() throws InterruptedException;

        boolean isHeld();

        @Override
        void close();
    }

    private Leadership() {
    }
}
