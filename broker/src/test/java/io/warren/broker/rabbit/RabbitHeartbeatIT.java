package io.warren.broker.rabbit;

import io.warren.broker.testing.AmqpTestBroker;
import io.warren.protocol.Topology;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat bounds how long a frozen or cut-off process keeps the coordinator lease (docs/fencing.md): 5 s unless
 * the AMQP URI asks for another.
 */
class RabbitHeartbeatIT {
    private final Topology topology = AmqpTestBroker.uniqueTopology(getClass().getSimpleName());

    private int heartbeatOf(URI uri) throws Exception {
        RabbitConnection rabbit = RabbitConnection.open(uri, null, topology, QueueType.CLASSIC, "heartbeat-test");
        try {
            return rabbit.connection().getHeartbeat();
        } finally {
            rabbit.connection().close();
        }
    }

    @Test
    void connectionsAskForFiveSecondsUnlessTheUriSaysOtherwise() throws Exception {
        URI plain = AmqpTestBroker.uri();
        assertThat(heartbeatOf(plain)).isEqualTo(RabbitConnection.DEFAULT_HEARTBEAT_SECONDS);
        String separator = plain.getRawQuery() == null ? "?" : "&";
        assertThat(heartbeatOf(URI.create(plain + separator + "heartbeat=12"))).isEqualTo(12);
        try (RabbitBroker cleanup = RabbitBroker.connect(plain, null, topology, QueueType.CLASSIC, "heartbeat-cleanup")) {
            cleanup.deleteTopology();
        }
    }
}
