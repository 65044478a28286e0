package io.warren.broker.port;

import java.util.List;
import java.util.function.Consumer;

/**
 * A durable work queue: the port through which coordinator and workers exchange jobs, tasks and events. The RabbitMQ
 * adapter and the in-process one behave alike, which one contract test suite checks against both.
 */
public interface DurableQueue<T> {
    /**
     * Publishes the messages in order and returns once the broker holds all of them durably (publisher confirms).
     *
     * @throws BrokerUnavailable if that could not be confirmed; some of the messages may still have arrived
     */
    void publish(List<T> messages);

    default void publish(T message) {
        publish(List.of(message));
    }

    /**
     * Publishes without waiting for the broker's confirm, and without asking it to keep the message on disk, for
     * messages whose loss is tolerable on its own (a started or heartbeat event: the outcome that follows tells the
     * rest, and a broker restart loses at most these). Order is kept.
     */
    default void publishWithoutWaiting(T message) {
        publish(message);
    }

    /**
     * Starts consuming. At most {@code prefetch} deliveries are unsettled at once; the handler runs on the broker's
     * delivery thread, one delivery at a time, so it must hand long work off rather than block. Messages that cannot
     * be decoded never reach the handler: they are dead-lettered with the reason.
     */
    Subscription subscribe(int prefetch, Consumer<Delivery<T>> handler);

    /**
     * How many consumers the queue has now, whoever they are: a client asks it of the events queue to learn whether a
     * coordinator is listening at all. Only zero or not is exact everywhere: of a queue with a single active consumer,
     * RabbitMQ's quorum queues count only the active one.
     *
     * @throws BrokerUnavailable if the broker cannot be asked
     */
    int consumers();
}
