package io.warren.broker.rabbit;

import io.warren.protocol.Topology;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kind of RabbitMQ queue Warren's work queues (jobs, tasks, events, control) and its dead-letter queue are, chosen
 * once for a whole installation: every process declares the queues, and RabbitMQ refuses a declaration whose type
 * differs from the queue's.
 * <ul>
 *   <li>{@link #CLASSIC}: the default. One copy on the node that declared it; the task queue has ten priority levels.
 *       Right for one broker, and what installations made before queue types existed already have.</li>
 *   <li>{@link #QUORUM}: replicated on (by default) every node of a cluster with Raft, so a queue outlives the loss of
 *       a minority of its nodes. Quorum queues on RabbitMQ 3.10 have no priorities, so the tasks go to one queue per
 *       {@linkplain #band priority band}; dead letters are published by Warren itself with publisher confirms, and the
 *       queues' own dead-lettering (a message over the delivery limit) is at-least-once.</li>
 * </ul>
 */
public enum QueueType {
    CLASSIC, QUORUM;

    /**
     * Deliveries a quorum queue allows one message before it dead-letters it as a poison message (header
     * {@code x-first-death-reason: delivery_limit}). Warren's own counting decides first: a task's lost runs fail it
     * after {@code --max-attempts} (at most {@link #MAX_ATTEMPTS_ON_QUORUM}), and a hand-back republishes the task
     * instead of returning it, so a redelivery means a consumer was lost, the only thing both count.
     */
    public static final int DELIVERY_LIMIT = 20;
    /** The most attempts the coordinator may allow on quorum queues, leaving the delivery limit a margin of lost connections. */
    public static final int MAX_ATTEMPTS_ON_QUORUM = 10;
    /** The task queue's bands on quorum queues: priority 0, priorities 1 to 4, priorities 5 to 9. */
    public static final int BANDS = 3;

    /** Parses {@code classic} or {@code quorum}, in any case. */
    public static QueueType parse(String text) {
        if (text != null) {
            for (QueueType t : values()) if (t.name().equalsIgnoreCase(text.strip())) return t;
        }
        throw new IllegalArgumentException("queue type must be classic or quorum, got \"" + text + "\"");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The band a task of this priority goes to: higher bands are handed out first. */
    public int band(int priority) {
        if (this == CLASSIC) return 0;
        return priority <= 0 ? 0 : priority <= 4 ? 1 : 2;
    }

    /** The task queue of each band, lowest first: one for classic queues, {@link #BANDS} for quorum ones. */
    public List<String> taskQueues(Topology topology) {
        if (this == CLASSIC) return List.of(topology.tasksQueue());
        return List.of(topology.tasksQueue(), topology.tasksQueue() + ".band1", topology.tasksQueue() + ".band2");
    }

    /** Every queue {@code TopologyDeclarer} declares with {@link #arguments}: the work queues, task bands included. */
    public List<String> workQueues(Topology topology) {
        List<String> queues = new java.util.ArrayList<>(List.of(topology.jobsQueue(), topology.eventsQueue(),
                topology.controlQueue()));
        queues.addAll(taskQueues(topology));
        return List.copyOf(queues);
    }

    /** The arguments of one of Warren's durable queues of this type. */
    public Map<String, Object> arguments(Topology topology, String queue) {
        if (this == CLASSIC) {
            return queue.equals(topology.deadLetterQueue()) ? Map.of() : topology.workQueueArguments(queue);
        }
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", "quorum");
        if (queue.equals(topology.deadLetterQueue())) return Map.copyOf(args);
        args.put("x-dead-letter-exchange", topology.deadLetterExchange());
        args.put("x-dead-letter-strategy", "at-least-once");
        args.put("x-overflow", "reject-publish"); // at-least-once dead-lettering requires it
        args.put("x-delivery-limit", DELIVERY_LIMIT);
        if (!taskQueues(topology).contains(queue)) args.put("x-single-active-consumer", true);
        return Map.copyOf(args);
    }
}
