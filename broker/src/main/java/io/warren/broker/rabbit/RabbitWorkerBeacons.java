package io.warren.broker.rabbit;

import com.rabbitmq.client.AMQP;
import io.warren.broker.port.Subscription;
import io.warren.broker.port.WorkerBeacons;
import io.warren.protocol.Topology;
import io.warren.protocol.WorkerBeacon;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Worker beacons, each expiring after three of its intervals, so that a listener never hears a stale one. */
final class RabbitWorkerBeacons implements WorkerBeacons {
    private final ExchangeFeed feed;

    RabbitWorkerBeacons(ExchangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public void announce(WorkerBeacon beacon) {
        AMQP.BasicProperties props = ExchangeFeed.JSON.builder()
                .expiration(Long.toString(beacon.intervalMillis() * 3)).build();
        feed.send(Topology.beaconRoutingKey(beacon.workerId()), props, beacon);
    }

    @Override
    public Subscription listen(Consumer<WorkerBeacon> listener) {
        // One queue per listener, gone with it.
        return feed.listen(ExchangeFeed.ListenerQueue.exclusive(Map.of("x-message-ttl", 30_000)),
                List.of(Topology.BEACON_BINDING), WorkerBeacon.class, listener, "worker beacons");
    }
}
