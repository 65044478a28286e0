package io.warren.broker.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.Backoff;
import io.warren.protocol.ControlAnswer;
import io.warren.protocol.JobCommand;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Json;
import io.warren.protocol.MalformedMessage;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.Topology;
import io.warren.protocol.WorkerBeacon;
import io.warren.protocol.WorkerEvent;
import io.warren.broker.port.Broker;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.ControlAnswers;
import io.warren.broker.port.DeadLetter;
import io.warren.broker.port.DurableQueue;
import io.warren.broker.port.Leadership;
import io.warren.broker.port.ProgressFeed;
import io.warren.broker.port.Subscription;
import io.warren.broker.port.WorkerBeacons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Warren's ports on RabbitMQ, over one {@link RabbitConnection} per process; every role declares the topology when it
 * connects.
 */
public final class RabbitBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RabbitBroker.class);
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
    public static RabbitBroker connect(URI uri, java.nio.file.Path caFile, Topology topology, String connectionName) {
        return connect(uri, caFile, topology, QueueType.CLASSIC, connectionName);
    }

    /**
     * As {@link #connect(URI, java.nio.file.Path, Topology, String)}, with Warren's queues of the given type. The URI
     * may name several nodes of a cluster ({@link AmqpUris#nodes}): the connection goes to any of them that answers,
     * in random order so that clients spread over the nodes, and automatic recovery goes to any live one when its node
     * goes away.
     */
    public static RabbitBroker connect(URI uri, java.nio.file.Path caFile, Topology topology, QueueType queueType,
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
        return new ProgressFeed() {
            @Override
            public void publish(JobUpdate update) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").build();
                try {
                    publisher.publish(List.of(new ConfirmedPublisher.Outgoing(topology.progressExchange(),
                            Topology.progressRoutingKey(update.jobId()), props, Json.encode(update))));
                } catch (BrokerUnavailable e) {
                    log.debug("progress update for job={} not published", update.jobId(), e);
                }
            }

            @Override
            public Subscription follow(String jobId, Consumer<JobUpdate> listener) {
                return listen(jobId, List.of(Topology.progressRoutingKey(jobId)), listener);
            }

            @Override
            public Subscription follow(JobSpec spec, Consumer<JobUpdate> listener) {
                return listen(spec.jobId(), List.of(Topology.progressRoutingKey(spec.jobId()),
                        Topology.refusalRoutingKey(spec.jobId(), spec.fingerprint())), listener);
            }

            @Override
            public void refuse(JobSpec spec, JobUpdate refusal) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").build();
                try {
                    publisher.publish(List.of(new ConfirmedPublisher.Outgoing(topology.progressExchange(),
                            Topology.refusalRoutingKey(spec.jobId(), spec.fingerprint()), props, Json.encode(refusal))));
                } catch (BrokerUnavailable e) {
                    log.debug("refusal for job={} not published", spec.jobId(), e);
                }
            }

            /** Follows, retrying for a while if the connection is being recovered at this moment. */
            private Subscription listen(String jobId, List<String> routingKeys, Consumer<JobUpdate> listener) {
                long deadline = System.nanoTime() + PUBLISH_GIVE_UP.toNanos();
                Backoff backoff = new Backoff();
                while (true) {
                    try {
                        return listenOnce(jobId, routingKeys, listener);
                    } catch (BrokerUnavailable | com.rabbitmq.client.AlreadyClosedException e) {
                        if (System.nanoTime() > deadline) throw e;
                    }
                    try {
                        backoff.pause(); // waiting for automatic recovery to bring the connection back
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new BrokerUnavailable("interrupted while following job " + jobId, e);
                    }
                }
            }

            private Subscription listenOnce(String jobId, List<String> routingKeys, Consumer<JobUpdate> listener) {
                try {
                    // A durable, named queue that expires when unused: updates published while this client is cut
                    // off wait for it, and automatic recovery finds it again, even after a broker restart.
                    Channel ch = connection.createChannel();
                    String queue = topology.progressExchange() + "." + jobId + "." + java.util.UUID.randomUUID();
                    // On quorum queues it is one too, so it outlives the loss of the node it was declared on.
                    ch.queueDeclare(queue, true, false, false, queueType == QueueType.QUORUM
                            ? Map.of("x-expires", 600_000, "x-queue-type", "quorum") : Map.of("x-expires", 600_000));
                    for (String key : routingKeys) ch.queueBind(queue, topology.progressExchange(), key);
                    ch.basicConsume(queue, true, new DefaultConsumer(ch) {
                        @Override
                        public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                            try {
                                listener.accept(Json.decode(body, JobUpdate.class));
                            } catch (MalformedMessage e) {
                                log.warn("ignoring a malformed progress update for job={}: {}", jobId, e.getMessage());
                            }
                        }
                    });
                    return () -> {
                        try {
                            ch.queueDelete(queue);
                            ch.close();
                        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                            log.debug("closing progress channel", e);
                        }
                    };
                } catch (IOException e) {
                    throw new BrokerUnavailable("cannot follow job " + jobId, e);
                }
            }
        };
    }

    @Override
    public ControlAnswers answers() {
        return new ControlAnswers() {
            @Override
            public void answer(ControlAnswer answer) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").build();
                try {
                    publisher.publish(List.of(new ConfirmedPublisher.Outgoing(topology.progressExchange(),
                            Topology.answerRoutingKey(answer.requestId()), props, Json.encode(answer))));
                } catch (BrokerUnavailable e) {
                    log.debug("answer to request {} about job={} not published", answer.requestId(), answer.jobId(), e);
                }
            }

            @Override
            public Subscription listen(String requestId, Consumer<ControlAnswer> listener) {
                ControlAnswer.checkRequestId(requestId);
                try {
                    // Server-named, exclusive and auto-deleted: the answer is for this client alone, while it waits.
                    Channel ch = connection.createChannel();
                    String queue = ch.queueDeclare("", false, true, true, Map.of()).getQueue();
                    ch.queueBind(queue, topology.progressExchange(), Topology.answerRoutingKey(requestId));
                    ch.basicConsume(queue, true, new DefaultConsumer(ch) {
                        @Override
                        public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                            try {
                                listener.accept(Json.decode(body, ControlAnswer.class));
                            } catch (MalformedMessage e) {
                                log.warn("ignoring a malformed answer to request {}: {}", requestId, e.getMessage());
                            }
                        }
                    });
                    return () -> {
                        try {
                            ch.close();
                        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                            log.debug("closing answer channel", e);
                        }
                    };
                } catch (IOException e) {
                    throw new BrokerUnavailable("cannot listen for the answer to request " + requestId, e);
                }
            }
        };
    }

    @Override
    public WorkerBeacons beacons() {
        return new WorkerBeacons() {
            @Override
            public void announce(WorkerBeacon beacon) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                        .expiration(Long.toString(beacon.intervalMillis() * 3)).build();
                publisher.send(new ConfirmedPublisher.Outgoing(topology.progressExchange(),
                        Topology.beaconRoutingKey(beacon.workerId()), props, Json.encode(beacon)));
            }

            @Override
            public Subscription listen(Consumer<WorkerBeacon> listener) {
                try {
                    // Server-named, exclusive and auto-deleted: one per listener, gone with it; automatic recovery
                    // declares it anew and binds it again after a lost connection.
                    Channel ch = connection.createChannel();
                    String queue = ch.queueDeclare("", false, true, true, Map.of("x-message-ttl", 30_000)).getQueue();
                    ch.queueBind(queue, topology.progressExchange(), Topology.BEACON_BINDING);
                    ch.basicConsume(queue, true, new DefaultConsumer(ch) {
                        @Override
                        public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                            try {
                                listener.accept(Json.decode(body, WorkerBeacon.class));
                            } catch (MalformedMessage e) {
                                log.warn("ignoring a malformed worker beacon: {}", e.getMessage());
                            }
                        }
                    });
                    return () -> {
                        try {
                            ch.close();
                        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                            log.debug("closing beacon channel", e);
                        }
                    };
                } catch (IOException e) {
                    throw new BrokerUnavailable("cannot listen to worker beacons", e);
                }
            }
        };
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
        } catch (IOException | java.util.concurrent.TimeoutException e) {
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
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new BrokerUnavailable("could not delete the " + topology.prefix() + " queues", e);
        }
    }

    @Override
    public void close() {
        rabbit.close();
    }
}
