package io.warren.broker.port;

/**
 * One message handed to a consumer. Exactly one of {@link #ack}, {@link #requeue} or {@link #deadLetter} settles it;
 * until then it counts against the subscription's prefetch, and if the consumer dies it is delivered again with
 * {@link #redelivered()} set.
 */
public interface Delivery<T> {
    T message();

    boolean redelivered();

    /** The message's effects are durable; the broker may forget it. */
    void ack();

    /** Put it back for any consumer, for example because this one is shutting down. */
    void requeue();

    /** Never deliver it again; park it in the dead-letter queue with this reason. */
    void deadLetter(String reason);
}
