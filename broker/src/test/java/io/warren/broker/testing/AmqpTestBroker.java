package io.warren.broker.testing;

import io.warren.protocol.Topology;
import io.warren.broker.rabbit.AmqpUris;
import io.warren.broker.rabbit.RabbitBroker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.UUID;

/**
 * The broker integration tests talk to, found the way the README says: {@code WARREN_AMQP_URI} when set, else a
 * RabbitMQ on localhost:5672, else a Testcontainers RabbitMQ where Docker exists. With none of them the test fails
 * loudly; it never skips.
 */
public final class AmqpTestBroker {
    private static URI uri;
    private static Object container;

    public static synchronized URI uri() {
        if (uri != null) return uri;
        String env = System.getenv("WARREN_AMQP_URI");
        if (env != null && !env.isBlank()) {
            uri = URI.create(env);
        } else if (answers("localhost", 5672)) {
            uri = AmqpUris.LOCAL;
        } else {
            uri = startContainer();
        }
        return uri;
    }

    /** Queue and exchange names no other test uses; delete them with {@link RabbitBroker#deleteTopology()}. */
    public static Topology uniqueTopology(String testName) {
        return new Topology("test-" + testName.replaceAll("[^A-Za-z0-9]", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    public static RabbitBroker connect(Topology topology) {
        return RabbitBroker.connect(uri(), topology, "warren-test");
    }

    /** As {@link #connect(Topology)}, with Warren's queues of the given type. */
    public static RabbitBroker connect(Topology topology, io.warren.broker.rabbit.QueueType type) {
        return RabbitBroker.connect(uri(), null, topology, type, "warren-test");
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static URI startContainer() {
        try {
            var rabbit = new org.testcontainers.containers.RabbitMQContainer("rabbitmq:3.10-management");
            rabbit.start();
            container = rabbit;
            return URI.create(rabbit.getAmqpUrl().replace("amqp://", "amqp://guest:guest@"));
        } catch (RuntimeException | LinkageError e) {
            throw new AssertionError("No RabbitMQ for integration tests: WARREN_AMQP_URI is not set, nothing answers"
                    + " on localhost:5672, and Testcontainers could not start one (" + e.getMessage() + "). Start a"
                    + " broker (./run-tests brings one up, or: rabbitmq-server -detached) or set WARREN_AMQP_URI.", e);
        }
    }

    private AmqpTestBroker() {
    }
}
