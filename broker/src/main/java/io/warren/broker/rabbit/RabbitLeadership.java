package io.warren.broker.rabbit;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ListAddressResolver;
import io.warren.broker.Backoff;
import io.warren.broker.port.Leadership;
import io.warren.protocol.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leadership is an exclusive queue: the broker lets one connection at a time declare it and deletes it when that
 * connection closes, however it closes. The lease uses a connection of its own without automatic recovery, so a leader
 * that loses the broker stops leading at once instead of racing a successor after recovery.
 */
final class RabbitLeadership {
    private static final Logger log = LoggerFactory.getLogger(RabbitLeadership.class);

    private final RabbitConnection connection;
    private final Topology topology;

    RabbitLeadership(RabbitConnection connection, Topology topology) {
        this.connection = connection;
        this.topology = topology;
    }

    Leadership.Lease await(String holder) throws InterruptedException {
        AtomicBoolean told = new AtomicBoolean();
        return Backoff.retryForever(() -> {
            // The connection the coordinator works through is still being recovered (its node went away): a lease
            // taken now would start a coordinator that fails at once, and resume its jobs twice.
            if (!connection.isOpen()) return null;
            try {
                return take(holder);
            } catch (IOException | TimeoutException e) {
                if (told.compareAndSet(false, true)) log.info("another coordinator is active; {} is standing by", holder);
                throw e;
            }
        });
    }

    private Leadership.Lease take(String holder) throws IOException, TimeoutException {
        ConnectionFactory once = connection.factory().clone();
        once.setAutomaticRecoveryEnabled(false);
        once.setTopologyRecoveryEnabled(false);
        Connection lease = once.newConnection(null, leaseAddresses(), holder + "-lease");
        try {
            Channel ch = lease.createChannel();
            ch.queueDeclare(topology.coordinatorLockQueue(), false, true, true, Map.of());
        } catch (IOException | RuntimeException e) {
            try {
                lease.abort();
            } catch (RuntimeException ignored) {
                // already closed by the broker
            }
            throw e;
        }
        log.info("{} is now the active coordinator", holder);
        return new RabbitLease(lease);
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
