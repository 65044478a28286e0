package io.warren.protocol.local;

import io.warren.protocol.port.Broker;
import io.warren.protocol.port.BrokerContract;

/** The in-process broker of local mode keeps the same contract as RabbitMQ. */
class LocalBrokerTest extends BrokerContract {
    @Override
    protected Broker newBroker() {
        return new LocalBroker();
    }
}
