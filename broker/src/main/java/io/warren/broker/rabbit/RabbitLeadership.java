package io.warren.broker.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ListAddressResolver;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.Backoff;
import io.warren.broker.port.Leadership;
import io.warren.protocol.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Leadership is an exclusive queue: the broker lets one connection at a time declare it and deletes it when that
 * connection closes, however it closes. The lease uses a connection of its own without automatic recovery, so a leader
 * that loses the broker stops leading at once instead of racing a successor after recovery.
 */
final class RabbitLeadership {
    private static final Logger log = LoggerFactory.getLogger(RabbitLeadership.class);
    /**
     * How often a standby tries for the lease: at most what it adds to a takeover once the holder's connection is gone.
     * Each refused try is a channel error in the broker's log, so not much more often.
     */
    static final Duration STANDBY_POLL = Duration.ofMillis(500);

    private final RabbitConnection connection;
    private final Topology topology;

    RabbitLeadership(RabbitConnection connection, Topology topology) {
        this.connection = connection;
        this.topology = topology;
    }

    /**
     * Waits for the lease. A standby keeps one connection of its own open and tries to declare the lock queue on a
     * fresh channel every {@link #STANDBY_POLL}: a refusal (the queue is locked by the holder) closes only that
     * channel, so a try costs one round trip, and a holder that dies is followed within the poll, not after a new
     * connection's handshake and a growing backoff. Failures of the standby's own connection back off as any retry.
     */
    Leadership.Lease await(String holder) throws InterruptedException {
        boolean told = false;
        Backoff backoff = new Backoff();
        Connection standby = null;
        try {
            while (true) {
                // The connection the coordinator works through is still being recovered (its node went away): a lease
                // taken now would start a coordinator that fails at once, and resume its jobs twice.
                if (!connection.isOpen()) {
                    Thread.sleep(backoff.next().toMillis());
                    continue;
                }
                try {
                    if (standby == null || !standby.isOpen()) standby = open(holder);
                    if (take(standby)) {
                        log.info("{} is now the active coordinator", holder);
                        Leadership.Lease lease = new RabbitLease(standby);
                        standby = null;
                        return lease;
                    }
                    if (!told) log.info("another coordinator is active; {} is standing by", holder);
                    told = true;
                    backoff.reset();
                    Thread.sleep(STANDBY_POLL.toMillis());
                } catch (IOException | TimeoutException | RuntimeException e) {
                    log.debug("waiting for the coordinator lease: {}", e.toString());
                    abort(standby);
                    standby = null;
                    Thread.sleep(backoff.next().toMillis());
                }
            }
        } finally {
            abort(standby);
        }
    }

    /** A connection for the lease: no automatic recovery, so the lease ends with it. */
    private Connection open(String holder) throws IOException, TimeoutException {
        ConnectionFactory once = connection.factory().clone();
        once.setAutomaticRecoveryEnabled(false);
        once.setTopologyRecoveryEnabled(false);
        return once.newConnection(null, leaseAddresses(), holder + "-lease");
    }

    /** Declares the exclusive lock queue on a new channel: true if this connection now holds it. */
    private boolean take(Connection lease) throws IOException {
        Channel ch = lease.createChannel();
        try {
            ch.queueDeclare(topology.coordinatorLockQueue(), false, true, true, Map.of());
            return true;
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.RESOURCE_LOCKED) {
                return false; // another connection holds it; the broker closed this channel only
            }
            throw e;
        }
    }

    private static void abort(Connection c) {
        if (c == null) return;
        try {
            c.abort();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    /**
     * The node this process already talks to first, then the others: the lease (an exclusive queue lives on its
     * connection's node) then sits on the node whose loss this coordinator would notice anyway, and when that node dies
     * it goes, with the queue, to whichever node is left.
     */
    private AddressResolver leaseAddresses() {
        List<Address> ordered = new ArrayList<>(connection.addresses());
        Collections.shuffle(ordered);
        Connection current = connection.connection();
        if (current.isOpen()) {
            String host = current.getAddress().getHostAddress();
            int port = current.getPort();
            for (int i = 0; i < ordered.size(); i++) {
                Address a = ordered.get(i);
                if (a.getPort() == port && sameHost(a.getHost(), host)) {
                    ordered.add(0, ordered.remove(i));
                    break;
                }
            }
        }
        return new ListAddressResolver(ordered) {
            @Override
            public List<Address> maybeShuffle(List<Address> input) {
                return input; // keep this order
            }
        };
    }

    private static boolean sameHost(String name, String address) {
        try {
            for (InetAddress a : InetAddress.getAllByName(name)) {
                if (a.getHostAddress().equals(address)) return true;
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }
}
