package io.warren.broker.rabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.port.Broker;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.CommitAnswers;
import io.warren.broker.port.ControlAnswers;
import io.warren.broker.port.DeadLetter;
import io.warren.broker.port.DurableQueue;
import io.warren.broker.port.Leadership;
import io.warren.broker.port.ProgressFeed;
import io.warren.broker.port.WorkerBeacons;
import io.warren.protocol.JobCommand;
import io.warren.protocol.JobSpec;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.Topology;
import io.warren.protocol.WorkerEvent;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Warren's ports on RabbitMQ, over one {@link RabbitConnection} per process; every role declares the topology when it
 * connects.
 */
public final class RabbitBroker implements Broker {
    private static final Duration PUBLISH_GIVE_UP = Duration.ofMinutes(2);

    private final Connection connection;
    private final Topology topology;
    private final ConfirmedPublisher publisher;
    private final RabbitQueue<JobSpec> jobs;
    private final RabbitQueue<TaskMessage> tasks;
    private final RabbitQueue<WorkerEvent> events;
    private final RabbitQueue<JobCommand> control;
    private final RabbitConnection rabbit;
    private final QueueType queueType;
    private final RabbitLeadership leadership;
    private final ProgressFeed progress;
    private final ControlAnswers answers;
    private final CommitAnswers commits;
    private final WorkerBeacons beacons;

    private RabbitBroker(RabbitConnection rabbit, Topology topology, QueueType queueType) {
        this.rabbit = rabbit;
        this.connection = rabbit.connection();
        this.topology = topology;
        this.queueType = queueType;
        this.leadership = new RabbitLeadership(rabbit, topology);
        this.publisher = new ConfirmedPublisher(connection, PUBLISH_GIVE_UP);
        this.jobs = new RabbitQueue<>(connection, publisher, topology, topology.jobsQueue(), JobSpec.class, queueType);
        this.tasks = new RabbitQueue<>(connection, publisher, topology, queueType.taskQueues(topology),
                t -> queueType.band(t.priority()), TaskMessage.class, queueType);
        this.events = new RabbitQueue<>(connection, publisher, topology, topology.eventsQueue(), WorkerEvent.class,
                queueType);
        this.control = new RabbitQueue<>(connection, publisher, topology, topology.controlQueue(), JobCommand.class,
                queueType);
        ExchangeFeed feed = new ExchangeFeed(connection, publisher, topology);
        this.progress = new RabbitProgressFeed(feed, topology, queueType, PUBLISH_GIVE_UP);
        this.answers = new RabbitControlAnswers(feed);
        this.commits = new RabbitCommitAnswers(feed);
        this.beacons = new RabbitWorkerBeacons(feed);
    }

    /**
     * Connects, names the connection (it shows in the management UI) and declares the topology.
     *
     * @throws BrokerUnavailable naming the broker without its password when it cannot be reached
     */
    public static RabbitBroker connect(URI uri, Topology topology, String connectionName) {
        return connect(uri, null, topology, connectionName);
    }

    /**
     * As {@link #connect(URI, Topology, String)}; for {@code amqps://} the broker's certificate must chain to the CAs in
     * {@code caFile} (or the JVM's trust store when null) and match the host name.
     */
    public static RabbitBroker connect(URI uri, Path caFile, Topology topology, String connectionName) {
        return connect(uri, caFile, topology, QueueType.CLASSIC, connectionName);
    }

    /**
     * As {@link #connect(URI, Path, Topology, String)}, with Warren's queues of the given type. The URI
     * may name several nodes of a cluster ({@link AmqpUris#nodes}): the connection goes to any of them that answers,
     * in random order so that clients spread over the nodes, and automatic recovery goes to any live one when its node
     * goes away.
     */
    public static RabbitBroker connect(URI uri, Path caFile, Topology topology, QueueType queueType,
                                       String connectionName) {
        return new RabbitBroker(RabbitConnection.open(uri, caFile, topology, queueType, connectionName), topology,
                queueType);
    }

    public Topology topology() {
        return topology;
    }

    @Override
    public DurableQueue<JobSpec> jobs() {
        return jobs;
    }

    @Override
    public DurableQueue<TaskMessage> tasks() {
        return tasks;
    }

    @Override
    public DurableQueue<WorkerEvent> events() {
        return events;
    }

    @Override
    public DurableQueue<JobCommand> control() {
        return control;
    }

    /** See {@link RabbitLeadership}. */
    @Override
    public Leadership.Lease awaitLeadership(String holder) throws InterruptedException {
        return leadership.await(holder);
    }

    public QueueType queueType() {
        return queueType;
    }

    @Override
    public ProgressFeed progress() {
        return progress;
    }

    @Override
    public ControlAnswers answers() {
        return answers;
    }

    @Override
    public CommitAnswers commits() {
        return commits;
    }

    @Override
    public WorkerBeacons beacons() {
        return beacons;
    }

    @Override
    public boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public List<DeadLetter> takeDeadLetters(int max) {
        List<DeadLetter> out = new ArrayList<>();
        try (Channel ch = connection.createChannel()) {
            while (out.size() < max) {
                GetResponse r = ch.basicGet(topology.deadLetterQueue(), true);
                if (r == null) break;
                Map<String, Object> h = r.getProps().getHeaders() == null ? Map.of() : r.getProps().getHeaders();
                out.add(new DeadLetter(r.getBody(), String.valueOf(h.getOrDefault(Topology.SOURCE_HEADER,
                        h.getOrDefault("x-first-death-queue", ""))), reason(h)));
            }
        } catch (IOException | TimeoutException e) {
            throw new BrokerUnavailable("cannot read the dead-letter queue", e);
        }
        return out;
    }

    /** Warren's own reason, else the broker's: a quorum queue's delivery limit, or a plain reject. */
    private static String reason(Map<String, Object> headers) {
        Object warren = headers.get(Topology.REASON_HEADER);
        if (warren != null) return String.valueOf(warren);
        Object broker = headers.get("x-first-death-reason");
        if (broker != null && "delivery_limit".equals(String.valueOf(broker))) {
            return "delivered " + (QueueType.DELIVERY_LIMIT + 1) + " times without being settled: every consumer that"
                    + " took it was lost (RabbitMQ's delivery limit)";
        }
        return broker == null ? "rejected" : String.valueOf(broker);
    }

    /** Deletes this broker's queues and exchanges; for throw-away topologies (tests, {@code warren run --amqp}). */
    public void deleteTopology() {
        try (Channel ch = connection.createChannel()) {
            TopologyDeclarer.delete(ch, topology, queueType);
        } catch (IOException | TimeoutException e) {
            throw new BrokerUnavailable("could not delete the " + topology.prefix() + " queues", e);
        }
    }

    @Override
    public void close() {
        rabbit.close();
    }
}
