package io.warren.protocol.port;

/** A running consumer. Closing it stops deliveries; its unsettled messages go back to the queue as redeliveries. */
public interface Subscription extends AutoCloseable {
    /**
     * Stops new deliveries but keeps the ones in hand, which can still be settled: for a graceful shutdown that
     * finishes its work before closing. The default suits subscriptions that hold nothing.
     */
    default void stopConsuming() {
    }

    @Override
    void close();
}
