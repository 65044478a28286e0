package io.warren.broker.port;

/** A running consumer. Closing it stops deliveries; its unsettled messages go back to the queue as redeliveries. */
public interface Subscription extends AutoCloseable {
    /**
     * Stops new deliveries but keeps the ones in hand, which can still be settled: for a graceful shutdown that
     * finishes its work before closing. The default suits subscriptions that hold nothing.
     */
    default void stopConsuming() {
    }

    /**
     * Starts a fresh prefetch window of this size, as RabbitMQ does for a new consumer: deliveries from now on are
     * limited to {@code prefetch} unsettled at once, while those already in hand are settled as usual but no longer
     * count. So a change may let up to one old window more be in hand for a while; it is meant for rare changes, such
     * as a worker that takes its next task ahead while its tasks are short. Only queue subscriptions have a prefetch; a
     * listener's subscription refuses.
     */
    default void setPrefetch(int prefetch) {
        throw new UnsupportedOperationException("this subscription has no prefetch to change");
    }

    @Override
    void close();
}
