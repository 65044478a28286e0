package io.warren.broker.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.Subscription;
import io.warren.protocol.Json;
import io.warren.protocol.MalformedMessage;
import io.warren.protocol.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Warren's fanned-out messages on the progress exchange (job progress, refusals, control answers, worker beacons):
 * published best effort, and heard through a queue of each listener's own, acknowledged on arrival, every message
 * decoded for the listener.
 */
final class ExchangeFeed {
    private static final Logger log = LoggerFactory.getLogger(ExchangeFeed.class);
    static final AMQP.BasicProperties JSON = new AMQP.BasicProperties.Builder().contentType("application/json").build();

    private final Connection connection;
    private final ConfirmedPublisher publisher;
    private final String exchange;

    ExchangeFeed(Connection connection, ConfirmedPublisher publisher, Topology topology) {
        this.connection = connection;
        this.publisher = publisher;
        this.exchange = topology.progressExchange();
    }

    /** How a listener's queue is declared. */
    record ListenerQueue(String name, Map<String, Object> arguments) {
        /**
         * Durable and named: messages published while the listener is cut off wait for it, and automatic recovery
         * finds it again, even after a broker restart; deleted when the listener stops.
         */
        static ListenerQueue durable(String name, Map<String, Object> arguments) {
            return new ListenerQueue(name, arguments);
        }

        /** Server-named, exclusive and auto-deleted: gone with the listener; automatic recovery declares it anew. */
        static ListenerQueue exclusive(Map<String, Object> arguments) {
            return new ListenerQueue("", arguments);
        }

        boolean named() {
            return !name.isEmpty();
        }
    }

    /** Publishes with a confirm; a broker that cannot be reached loses the message, which {@code what} names. */
    void publish(String routingKey, Object message, String what) {
        try {
            publisher.publish(List.of(new ConfirmedPublisher.Outgoing(exchange, routingKey, JSON, Json.encode(message))));
        } catch (BrokerUnavailable e) {
            log.debug("{} not published", what, e);
        }
    }

    /** Sends without waiting for a confirm; never throws for an unreachable broker. */
    void send(String routingKey, AMQP.BasicProperties props, Object message) {
        publisher.send(new ConfirmedPublisher.Outgoing(exchange, routingKey, props, Json.encode(message)));
    }

    /**
     * Declares {@code queue}, binds it to each routing key, and hands every message to {@code listener} as a
     * {@code type}; one that does not decode is logged and dropped. {@code what} names the messages in logs and errors.
     */
    <T> Subscription listen(ListenerQueue queue, List<String> routingKeys, Class<T> type, Consumer<T> listener,
                            String what) {
        try {
            Channel ch = connection.createChannel();
            String name = queue.named()
                    ? ch.queueDeclare(queue.name(), true, false, false, queue.arguments()).getQueue()
                    : ch.queueDeclare("", false, true, true, queue.arguments()).getQueue();
            for (String key : routingKeys) ch.queueBind(name, exchange, key);
            ch.basicConsume(name, true, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                    try {
                        listener.accept(Json.decode(body, type));
                    } catch (MalformedMessage e) {
                        log.warn("ignoring a malformed message among {}: {}", what, e.getMessage());
                    }
                }
            });
            return () -> {
                try {
                    if (queue.named()) ch.queueDelete(name);
                    ch.close();
                } catch (IOException | TimeoutException | RuntimeException e) {
                    log.debug("closing the channel of {}", what, e);
                }
            };
        } catch (IOException e) {
            throw new BrokerUnavailable("cannot listen for " + what, e);
        }
    }
}
