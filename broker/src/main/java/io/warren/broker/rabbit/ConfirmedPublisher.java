package io.warren.broker.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.Backoff;
import io.warren.broker.port.BrokerUnavailable;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Publishes with publisher confirms on one channel shared by a process's publishers, serialised, since an AMQP
 * channel must not interleave frames from several threads. A batch is confirmed as a whole; if the connection
 * drops meanwhile, the batch is sent again once automatic recovery has restored the channel. A receiver may thus see
 * a message twice, which every Warren consumer tolerates; it never sees one lost.
 */
final class ConfirmedPublisher {
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    private final Connection connection;
    private final Duration giveUpAfter;
    private Channel channel;

    ConfirmedPublisher(Connection connection, Duration giveUpAfter) {
        this.connection = connection;
        this.giveUpAfter = giveUpAfter;
    }

    record Outgoing(String exchange, String routingKey, AMQP.BasicProperties props, byte[] body) {
    }

    /** Sends without waiting; a later {@link #publish} waits for this message's confirm too (same channel). */
    synchronized void send(Outgoing message) {
        try {
            channel().basicPublish(message.exchange, message.routingKey, message.props, message.body);
        } catch (IOException | RuntimeException e) {
            // Best effort by contract: the caller tolerates its loss.
        }
    }

    /** Publishes the batch and waits for its confirm, again and again while the connection is being recovered. */
    synchronized void publish(List<Outgoing> batch) {
        try {
            Backoff.retry(giveUpAfter, () -> {
                Channel ch = channel();
                for (Outgoing o : batch) ch.basicPublish(o.exchange, o.routingKey, o.props, o.body);
                ch.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
                return batch;
            });
        } catch (Backoff.GaveUp e) {
            throw new BrokerUnavailable("broker did not confirm " + batch.size() + " message(s) within " + giveUpAfter,
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailable("interrupted while waiting for publisher confirms", e);
        }
    }

    private Channel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            if (channel != null) {
                try {
                    channel.abort();
                } catch (IOException ignored) {
                    // already closed; a fresh channel follows
                }
            }
            channel = connection.createChannel();
            channel.confirmSelect();
        }
        return channel;
    }
}
