package io.warren.broker.rabbit;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.warren.protocol.Topology;

import java.io.IOException;
import java.util.Map;

/**
 * Declares Warren's exchanges and queues. Declaring is idempotent, so every role does it at start-up and whoever comes
 * first creates them; a queue that exists with other arguments makes the broker close the channel with
 * PRECONDITION_FAILED, which surfaces here as an IOException naming the queue.
 */
public final class TopologyDeclarer {

    public static void declare(Channel channel, Topology topology) throws IOException {
        channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(topology.deadLetterQueue(), true, false, false, Map.of());
        channel.queueBind(topology.deadLetterQueue(), topology.deadLetterExchange(), "");
        channel.exchangeDeclare(topology.progressExchange(), BuiltinExchangeType.TOPIC, true);
        for (String queue : topology.workQueues()) {
            channel.queueDeclare(queue, true, false, false, topology.workQueueArguments(queue));
        }
    }

    /** Removes everything {@link #declare} made; for tests that use a throw-away prefix. */
    public static void delete(Channel channel, Topology topology) throws IOException {
        for (String queue : topology.workQueues()) channel.queueDelete(queue);
        channel.queueDelete(topology.deadLetterQueue());
        channel.exchangeDelete(topology.deadLetterExchange());
        channel.exchangeDelete(topology.progressExchange());
    }

    private TopologyDeclarer() {
    }
}
