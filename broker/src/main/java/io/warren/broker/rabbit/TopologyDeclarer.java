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
        declare(channel, topology, QueueType.CLASSIC);
    }

    public static void declare(Channel channel, Topology topology, QueueType type) throws IOException {
        channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(topology.deadLetterQueue(), true, false, false,
                type.arguments(topology, topology.deadLetterQueue()));
        channel.queueBind(topology.deadLetterQueue(), topology.deadLetterExchange(), "");
        channel.exchangeDeclare(topology.progressExchange(), BuiltinExchangeType.TOPIC, true);
        for (String queue : type.workQueues(topology)) {
            channel.queueDeclare(queue, true, false, false, type.arguments(topology, queue));
        }
    }

    /**
     * If declaring failed because a queue exists with the other type (RabbitMQ cannot change a queue's type), a
     * message that says so and what to do; else null.
     */
    static String typeMismatch(Throwable failure, QueueType wanted) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("PRECONDITION_FAILED") && m.contains("x-queue-type")) {
                java.util.regex.Matcher q = java.util.regex.Pattern.compile("queue '([^']*)'").matcher(m);
                String queue = q.find() ? q.group(1) : "a Warren queue";
                QueueType other = wanted == QueueType.QUORUM ? QueueType.CLASSIC : QueueType.QUORUM;
                return "the queue " + queue + " exists as a " + other + " queue, but this process uses " + wanted
                        + " queues (--queue-type, WARREN_QUEUE_TYPE), and RabbitMQ cannot change a queue's type. Run"
                        + " every Warren process with the same --queue-type; to move to " + wanted + " queues, stop"
                        + " the coordinator and workers, wait for the queues to drain (or note the jobs to resubmit),"
                        + " delete Warren's queues (rabbitmqctl delete_queue NAME) and start them all with --queue-type "
                        + wanted + " (README: Running on a RabbitMQ cluster)";
            }
        }
        return null;
    }

    /** Removes everything {@link #declare} made; for tests that use a throw-away prefix. */
    public static void delete(Channel channel, Topology topology) throws IOException {
        delete(channel, topology, QueueType.CLASSIC);
    }

    public static void delete(Channel channel, Topology topology, QueueType type) throws IOException {
        for (String queue : type.workQueues(topology)) channel.queueDelete(queue);
        channel.queueDelete(topology.deadLetterQueue());
        channel.exchangeDelete(topology.deadLetterExchange());
        channel.exchangeDelete(topology.progressExchange());
    }

    private TopologyDeclarer() {
    }
}
