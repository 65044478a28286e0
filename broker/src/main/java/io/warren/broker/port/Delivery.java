package io.warren.broker.port;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * Acknowledges a batch at once, for a consumer that settles each subscription's deliveries in the order they came:
     * everything its subscription delivered before a delivery of the batch is in the batch or already settled. The last
     * of each subscription acknowledges itself and the earlier ones in one step where the adapter can (RabbitMQ's
     * multiple acknowledgement, one frame instead of one per message); the others are acknowledged one by one.
     */
    static void ackInOrder(List<? extends Delivery<?>> batch) {
        Set<Object> covered = new HashSet<>();
        for (int i = batch.size() - 1; i >= 0; i--) {
            Delivery<?> d = batch.get(i);
            Object scope = d.cumulativeScope();
            if (scope == null) d.ack();
            else if (covered.add(scope)) d.ackWithEarlier();
        }
    }

    /**
     * What one cumulative acknowledgement of this delivery covers (its channel), or null if the adapter acknowledges
     * each delivery on its own.
     */
    default Object cumulativeScope() {
        return null;
    }

    /** Acknowledges this delivery and every earlier unsettled one of its {@link #cumulativeScope()}. */
    default void ackWithEarlier() {
        ack();
    }
}
