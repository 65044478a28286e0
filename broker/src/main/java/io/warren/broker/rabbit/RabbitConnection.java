package io.warren.broker.rabbit;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.protocol.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * A process's one connection to RabbitMQ, with the client's automatic recovery on, so that a dropped connection comes
 * back with its consumers; the factory and the nodes it was made from stay at hand for connections of another kind
 * (the coordinator lease).
 */
record RabbitConnection(ConnectionFactory factory, List<Address> addresses, Connection connection) {
    private static final Logger log = LoggerFactory.getLogger(RabbitConnection.class);

    RabbitConnection {
        addresses = List.copyOf(addresses);
    }

    /**
     * The heartbeat interval asked for unless the URI says {@code ?heartbeat=N}; the broker may lower it. At 10 s, a
     * frozen coordinator kept its lease for 25 to 30 s on a loaded machine; 5 s is the low end of the range RabbitMQ
     * recommends (below it, false alarms become likely).
     */
    static final int DEFAULT_HEARTBEAT_SECONDS = 5;

    private static boolean asksForHeartbeat(URI node) {
        String query = node.getRawQuery();
        return query != null && Arrays.stream(query.split("&")).anyMatch(p -> p.startsWith("heartbeat="));
    }

    /**
     * Connects to any node of {@code uri} ({@link AmqpUris#nodes}) that answers, in random order so that clients spread
     * over the nodes, names the connection (it shows in the management UI) and declares the topology. For
     * {@code amqps://} the broker's certificate must chain to the CAs in {@code caFile} (or the JVM's trust store when
     * null) and match the host name.
     *
     * @throws BrokerUnavailable naming the broker without its password when it cannot be reached
     */
    static RabbitConnection open(URI uri, Path caFile, Topology topology, QueueType queueType, String connectionName) {
        ConnectionFactory factory = new ConnectionFactory();
        List<URI> nodes = AmqpUris.nodes(uri);
        try {
            factory.setUri(nodes.get(0));
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid AMQP URI " + AmqpUris.redact(uri) + ": " + e.getMessage());
        }
        List<Address> addresses = new ArrayList<>();
        for (URI node : nodes) {
            int port = node.getPort() > 0 ? node.getPort()
                    : "amqps".equalsIgnoreCase(node.getScheme()) ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT
                    : ConnectionFactory.DEFAULT_AMQP_PORT;
            addresses.add(new Address(node.getHost(), port));
        }
        if ("amqps".equalsIgnoreCase(uri.getScheme())) {
            factory.useSslProtocol(TlsContexts.verifying(caFile));
            factory.enableHostnameVerification();
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1_000);
        // A peer is taken for lost after about two silent heartbeats: this bounds how long a frozen or cut-off
        // coordinator keeps its lease (docs/fencing.md). The URI may ask for another (?heartbeat=N, in seconds).
        if (!asksForHeartbeat(nodes.get(0))) factory.setRequestedHeartbeat(DEFAULT_HEARTBEAT_SECONDS);
        factory.setConnectionTimeout(10_000);
        Connection connection = null;
        try {
            connection = factory.newConnection(addresses, connectionName);
            // Left open: automatic recovery re-declares the topology through the channel that first declared it.
            Channel topologyChannel = connection.createChannel();
            TopologyDeclarer.declare(topologyChannel, topology, queueType);
            log.info("connected to {} (node {}:{}) as {}, {} queues", AmqpUris.redact(uri),
                    connection.getAddress().getHostAddress(), connection.getPort(), connectionName, queueType);
            return new RabbitConnection(factory, addresses, connection);
        } catch (IOException | TimeoutException e) {
            String mismatch = TopologyDeclarer.typeMismatch(e, queueType);
            if (mismatch != null) {
                if (connection != null) connection.abort();
                throw new BrokerUnavailable(mismatch, e);
            }
            throw new BrokerUnavailable("cannot connect to RabbitMQ at " + AmqpUris.redact(uri) + " (" + hint(e) + "): "
                    + rootMessage(e), e);
        }
    }

    private static String hint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException || t instanceof GeneralSecurityException) {
                return "TLS verification failed: does the broker's certificate chain to the CA in --amqp-ca-file, and"
                        + " does it name this host?";
            }
        }
        return "is it running, and are the credentials right?";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    void close() {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing connection", e);
        }
    }
}
