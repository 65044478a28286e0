package io.warren.broker.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import io.warren.broker.port.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A delivery settled on the channel it came from. Settling may happen on any thread, so it locks the channel. If the
 * channel has died meanwhile the settlement is dropped: the broker has already requeued the message and will
 * deliver it again, which is only a harmless duplicate.
 */
final class RabbitDelivery<T> implements Delivery<T> {
    private static final Logger log = LoggerFactory.getLogger(RabbitDelivery.class);

    interface DeadLetterer {
        void deadLetter(Channel ch, long tag, AMQP.BasicProperties props, byte[] body, String reason);
    }

    interface Requeuer {
        void requeue(Channel ch, long tag, AMQP.BasicProperties props, byte[] body);
    }

    interface ChannelAction {
        void run(Channel ch) throws IOException;
    }

    private final Channel channel;
    private final Envelope envelope;
    private final AMQP.BasicProperties props;
    private final byte[] body;
    private final T message;
    private final DeadLetterer deadLetterer;
    private final Requeuer requeuer;

    /** {@code requeuer} null: requeue by rejecting, which puts the message back where it was. */
    RabbitDelivery(Channel channel, Envelope envelope, AMQP.BasicProperties props, byte[] body, T message,
                   DeadLetterer deadLetterer, Requeuer requeuer) {
        this.requeuer = requeuer;
        this.channel = channel;
        this.envelope = envelope;
        this.props = props;
        this.body = body;
        this.message = message;
        this.deadLetterer = deadLetterer;
    }

    @Override
    public T message() {
        return message;
    }

    @Override
    public boolean redelivered() {
        return envelope.isRedeliver()
                || (props.getHeaders() != null && props.getHeaders().containsKey(RabbitQueue.HANDED_BACK_HEADER));
    }

    @Override
    public void ack() {
        settle(channel, c -> c.basicAck(envelope.getDeliveryTag(), false));
    }

    @Override
    public Object cumulativeScope() {
        return channel;
    }

    @Override
    public void ackWithEarlier() {
        settle(channel, c -> c.basicAck(envelope.getDeliveryTag(), true));
    }

    @Override
    public void requeue() {
        if (requeuer != null) {
            requeuer.requeue(channel, envelope.getDeliveryTag(), props, body);
            return;
        }
        settle(channel, c -> c.basicReject(envelope.getDeliveryTag(), true));
    }

    @Override
    public void deadLetter(String reason) {
        deadLetterer.deadLetter(channel, envelope.getDeliveryTag(), props, body, reason);
    }

    static void settle(Channel channel, ChannelAction action) {
        synchronized (channel) {
            try {
                action.run(channel);
            } catch (IOException | RuntimeException e) {
                log.debug("could not settle a delivery; the broker will redeliver it", e);
            }
        }
    }
}
