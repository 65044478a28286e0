package io.warren.protocol.port;

/** A running consumer. Closing it stops deliveries; its unsettled messages go back to the queue as redeliveries. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
