package io.warren.protocol.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.protocol.Json;
import io.warren.protocol.MalformedMessage;
import io.warren.protocol.Topology;
import io.warren.protocol.port.Delivery;
import io.warren.protocol.port.DurableQueue;
import io.warren.protocol.port.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A durable queue on RabbitMQ: persistent JSON messages in, manual acks out, bad messages to the dead-letter queue. */
final class RabbitQueue<T> implements DurableQueue<T> {
    private static final Logger log = LoggerFactory.getLogger(RabbitQueue.class);
    static final AMQP.BasicProperties PERSISTENT_JSON = new AMQP.BasicProperties.Builder()
            .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).build();
    private static final AMQP.BasicProperties TRANSIENT_JSON = PERSISTENT_JSON.builder().deliveryMode(1).build();

    private final Connection connection;
    private final ConfirmedPublisher publisher;
    private final Topology topology;
    private final String queue;
    private final Class<T> type;

    RabbitQueue(Connection connection, ConfirmedPublisher publisher, Topology topology, String queue, Class<T> type) {
        this.connection = connection;
        this.publisher = publisher;
        this.topology = topology;
        this.queue = queue;
        this.type = type;
    }

    @Override
    public void publish(List<T> messages) {
        publisher.publish(messages.stream()
                .map(m -> new ConfirmedPublisher.Outgoing("", queue, properties(m), Json.encode(m)))
                .toList());
        if (log.isDebugEnabled()) log.debug("published {} message(s) to {}", messages.size(), queue);
    }

    /** Not persisted either: the broker keeps it in memory, which spares it a disk write per started or heartbeat. */
    @Override
    public void publishWithoutWaiting(T message) {
        publisher.send(new ConfirmedPublisher.Outgoing("", queue, TRANSIENT_JSON, Json.encode(message)));
    }

    private static AMQP.BasicProperties properties(Object message) {
        if (message instanceof io.warren.protocol.Prioritized p && p.priority() > 0) {
            return PERSISTENT_JSON.builder().priority(p.priority()).build();
        }
        return PERSISTENT_JSON;
    }

    @Override
    public Subscription subscribe(int prefetch, Consumer<Delivery<T>> handler) {
        if (prefetch < 1) throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
        RabbitSubscription sub = new RabbitSubscription(prefetch, handler);
        sub.open();
        return sub;
    }

    @Override
    public int consumers() {
        try (com.rabbitmq.client.Channel ch = connection.createChannel()) {
            return (int) ch.consumerCount(queue);
        } catch (java.io.IOException | java.util.concurrent.TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
            throw new io.warren.protocol.port.BrokerUnavailable("cannot count the consumers of " + queue, e);
        }
    }

    /**
     * A consumer on its own channel. Automatic recovery restores it after a lost connection; a channel the broker
     * closed on its own (for example delivery acknowledgement timeout) is not recovered by the client, so this
     * reopens it. Either way the broker has requeued what the old channel held, so nothing is lost.
     */
    private final class RabbitSubscription implements Subscription {
        private volatile int prefetch;
        private final Consumer<Delivery<T>> handler;
        private volatile boolean closed;
        private volatile boolean stopped;
        private volatile Channel channel;
        private volatile String consumerTag;

        RabbitSubscription(int prefetch, Consumer<Delivery<T>> handler) {
            this.prefetch = prefetch;
            this.handler = handler;
        }

        void open() {
            try {
                Channel ch = connection.createChannel();
                ch.basicQos(prefetch);
                ch.addShutdownListener(this::onChannelShutdown);
                consumerTag = consume(ch);
                channel = ch;
            } catch (IOException e) {
                throw new io.warren.protocol.port.BrokerUnavailable("cannot consume from " + queue, e);
            }
        }

        private String consume(Channel ch) throws IOException {
            return ch.basicConsume(queue, false, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                    deliver(ch, env, props, body);
                }
            });
        }

        private void onChannelShutdown(ShutdownSignalException cause) {
            if (closed || stopped || cause.isInitiatedByApplication() || cause.isHardError()) return;
            log.warn("broker closed the consumer channel of {} ({}); reopening it, its unacked messages are requeued",
                    queue, cause.getReason() == null ? cause.getMessage() : cause.getReason().protocolMethodName());
            Thread reopen = new Thread(() -> {
                long backoff = 200;
                while (!closed && connection.isOpen()) {
                    try {
                        open();
                        return;
                    } catch (RuntimeException e) {
                        log.debug("reopening consumer of {} failed, retrying", queue, e);
                    }
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException e) {
                        return;
                    }
                    backoff = Math.min(5_000, backoff * 2);
                }
            }, "reopen-" + queue);
            reopen.setDaemon(true);
            reopen.start();
        }

        private void deliver(Channel ch, Envelope env, AMQP.BasicProperties props, byte[] body) {
            RabbitDelivery<T> delivery;
            try {
                delivery = new RabbitDelivery<>(ch, env, props, body, Json.decode(body, type), this::deadLetter);
            } catch (MalformedMessage e) {
                deadLetter(ch, env.getDeliveryTag(), props, body, e.getMessage());
                return;
            }
            try {
                handler.accept(delivery);
            } catch (RuntimeException e) {
                log.error("consumer of {} failed on a message; dead-lettering it so it cannot stop the queue", queue, e);
                delivery.deadLetter("consumer failed: " + e);
            }
        }

        private void deadLetter(Channel ch, long tag, AMQP.BasicProperties props, byte[] body, String reason) {
            log.warn("dead-lettering a message from {}: {}", queue, reason);
            Map<String, Object> headers = new HashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
            headers.put(Topology.REASON_HEADER, reason);
            headers.put(Topology.SOURCE_HEADER, queue);
            AMQP.BasicProperties withReason = props.builder().headers(headers).deliveryMode(2).build();
            try {
                publisher.publish(List.of(new ConfirmedPublisher.Outgoing(topology.deadLetterExchange(), queue,
                        withReason, body)));
                RabbitDelivery.settle(ch, c -> c.basicAck(tag, false));
            } catch (RuntimeException e) {
                // Could not park it with a reason; a plain reject still dead-letters it through the queue's DLX.
                RabbitDelivery.settle(ch, c -> c.basicReject(tag, false));
            }
        }

        /**
         * A consumer's prefetch is fixed when it starts, on RabbitMQ (quorum queues have no channel-wide one either), so
         * this starts a consumer with the new prefetch on the same channel and then cancels the old one. Deliveries in
         * hand stay on the channel and are settled as before; they do not count against the new consumer's window.
         */
        @Override
        public void setPrefetch(int prefetch) {
            if (prefetch < 1) throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
            Channel ch = channel;
            if (ch == null) return;
            synchronized (ch) {
                if (prefetch == this.prefetch || stopped || closed) return;
                this.prefetch = prefetch;
                try {
                    String old = consumerTag;
                    ch.basicQos(prefetch);
                    consumerTag = consume(ch);
                    ch.basicCancel(old);
                } catch (IOException | RuntimeException e) {
                    log.debug("could not change the prefetch of {}; a reopened channel will take it", queue, e);
                }
            }
        }

        @Override
        public void stopConsuming() {
            stopped = true;
            Channel ch = channel;
            if (ch == null) return;
            try {
                synchronized (ch) {
                    ch.basicCancel(consumerTag);
                }
            } catch (IOException | RuntimeException e) {
                log.debug("cancelling the consumer of {}", queue, e);
            }
        }

        @Override
        public void close() {
            closed = true;
            Channel ch = channel;
            if (ch == null) return;
            try {
                ch.close();
            } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                log.debug("closing consumer channel of {}", queue, e);
            }
        }
    }
}
