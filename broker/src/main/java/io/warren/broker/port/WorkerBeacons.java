package io.warren.broker.port;

import io.warren.protocol.WorkerBeacon;

import java.util.function.Consumer;

/**
 * Workers' presence, fanned out to every listener (the active coordinator and its standbys alike). Best effort and not
 * durable: a beacon sent while nobody listens, or while the broker is away, is simply gone.
 */
public interface WorkerBeacons {
    /** Sends without waiting for the broker; never throws for an unreachable broker. */
    void announce(WorkerBeacon beacon);

    /** Receives every worker's beacons from now on. */
    Subscription listen(Consumer<WorkerBeacon> listener);
}
