package io.warren.broker.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.Backoff;
import io.warren.protocol.Json;
import io.warren.protocol.MalformedMessage;
import io.warren.protocol.Topology;
import io.warren.broker.port.Delivery;
import io.warren.broker.port.DurableQueue;
import io.warren.broker.port.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A durable queue on RabbitMQ: persistent JSON messages in, manual acks out, bad messages to the dead-letter queue.
 * It may be made of several RabbitMQ queues, one per priority band (the task queue on quorum queues): a message goes to
 * its band's queue, and a subscription consumes them all and hands out the highest band first ({@link BandOrder}).
 */
final class RabbitQueue<T> implements DurableQueue<T> {
    /** Set on a message that a consumer handed back by publishing it again, so it still reads as redelivered. */
    static final String HANDED_BACK_HEADER = "x-warren-handed-back";
    private static final Logger log = LoggerFactory.getLogger(RabbitQueue.class);
    static final AMQP.BasicProperties PERSISTENT_JSON = new AMQP.BasicProperties.Builder()
            .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).build();
    private static final AMQP.BasicProperties TRANSIENT_JSON = PERSISTENT_JSON.builder().deliveryMode(1).build();

    private final Connection connection;
    private final ConfirmedPublisher publisher;
    private final Topology topology;
    private final List<String> bands;
    private final java.util.function.ToIntFunction<T> bandOf;
    private final boolean republishToRequeue;
    private final Class<T> type;

    /** One queue, as is. */
    RabbitQueue(Connection connection, ConfirmedPublisher publisher, Topology topology, String queue, Class<T> type,
                QueueType queueType) {
        this(connection, publisher, topology, List.of(queue), m -> 0, type, queueType);
    }

    /** One queue per band, lowest first; {@code bandOf} picks a message's band. */
    RabbitQueue(Connection connection, ConfirmedPublisher publisher, Topology topology, List<String> bands,
                java.util.function.ToIntFunction<T> bandOf, Class<T> type, QueueType queueType) {
        this.connection = connection;
        this.publisher = publisher;
        this.topology = topology;
        this.bands = List.copyOf(bands);
        this.bandOf = bandOf;
        this.type = type;
        // A quorum queue counts every return of a message towards its delivery limit; a deliberate hand-back is
        // published again instead, so that the count means what Warren counts too: consumers lost.
        this.republishToRequeue = queueType == QueueType.QUORUM;
    }

    private String queueOf(T message) {
        return bands.get(Math.max(0, Math.min(bands.size() - 1, bandOf.applyAsInt(message))));
    }

    @Override
    public void publish(List<T> messages) {
        publisher.publish(messages.stream()
                .map(m -> new ConfirmedPublisher.Outgoing("", queueOf(m), properties(m), Json.encode(m)))
                .toList());
        if (log.isDebugEnabled()) log.debug("published {} message(s) to {}", messages.size(), bands);
    }

    /** Not persisted either: the broker keeps it in memory, which spares it a disk write per started or heartbeat. */
    @Override
    public void publishWithoutWaiting(T message) {
        publisher.send(new ConfirmedPublisher.Outgoing("", queueOf(message), TRANSIENT_JSON, Json.encode(message)));
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
        if (bands.size() == 1) {
            RabbitSubscription sub = new RabbitSubscription(bands.get(0), prefetch, handler);
            sub.open();
            return sub;
        }
        return BandOrder.subscribe(bands.size(), prefetch, handler, this::readyIn,
                (band, bandHandler) -> {
                    RabbitSubscription sub = new RabbitSubscription(bands.get(band), prefetch, bandHandler);
                    sub.open();
                    return sub;
                });
    }

    /** Messages ready in a band's queue right now, or 0 if the broker cannot say. */
    private synchronized long readyIn(int band) {
        try {
            if (countChannel == null || !countChannel.isOpen()) countChannel = connection.createChannel();
            return countChannel.queueDeclarePassive(bands.get(band)).getMessageCount();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private Channel countChannel;

    @Override
    public int consumers() {
        try (com.rabbitmq.client.Channel ch = connection.createChannel()) {
            return (int) ch.consumerCount(bands.get(0)); // every subscription consumes every band
        } catch (java.io.IOException | java.util.concurrent.TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
            throw new io.warren.broker.port.BrokerUnavailable("cannot count the consumers of " + bands.get(0), e);
        }
    }

    /**
     * A consumer on its own channel. Automatic recovery restores it after a lost connection; a channel the broker
     * closed on its own (for example delivery acknowledgement timeout) is not recovered by the client, so this
     * reopens it. Either way the broker has requeued what the old channel held, so nothing is lost.
     */
    private final class RabbitSubscription implements Subscription {
        private final String queue;
        private volatile int prefetch;
        private final Consumer<Delivery<T>> handler;
        private volatile boolean closed;
        private volatile boolean stopped;
        private volatile Channel channel;
        private volatile String consumerTag;

        RabbitSubscription(String queue, int prefetch, Consumer<Delivery<T>> handler) {
            this.queue = queue;
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
                throw new io.warren.broker.port.BrokerUnavailable("cannot consume from " + queue, e);
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
                try {
                    Backoff.retryForever(() -> {
                        // Closed meanwhile; or the connection is down, and its recovery brings the consumer back.
                        if (closed || !connection.isOpen()) return false;
                        try {
                            open();
                            return true;
                        } catch (RuntimeException e) {
                            log.debug("reopening consumer of {} failed, retrying", queue, e);
                            throw e;
                        }
                    });
                } catch (InterruptedException e) {
                    // the process is stopping
                }
            }, "reopen-" + queue);
            reopen.setDaemon(true);
            reopen.start();
        }

        private void deliver(Channel ch, Envelope env, AMQP.BasicProperties props, byte[] body) {
            RabbitDelivery<T> delivery;
            try {
                delivery = new RabbitDelivery<>(ch, env, props, body, Json.decode(body, type), this::deadLetter,
                        republishToRequeue ? this::republish : null);
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

        /** Hands a message back at the end of its queue, marked, and only then acks it; falls back to a plain requeue. */
        private void republish(Channel ch, long tag, AMQP.BasicProperties props, byte[] body) {
            Map<String, Object> headers = new HashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
            headers.put(HANDED_BACK_HEADER, true);
            try {
                publisher.publish(List.of(new ConfirmedPublisher.Outgoing("", queue,
                        props.builder().headers(headers).build(), body)));
                RabbitDelivery.settle(ch, c -> c.basicAck(tag, false));
            } catch (RuntimeException e) {
                RabbitDelivery.settle(ch, c -> c.basicReject(tag, true));
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
