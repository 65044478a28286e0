package io.warren.broker.local;

import io.warren.broker.port.Broker;
import io.warren.broker.port.BrokerContract;

/** The in-process broker of local mode keeps the same contract as RabbitMQ. */
class LocalBrokerTest extends BrokerContract {
    @Override
    protected Broker newBroker() {
        return new LocalBroker();
    }
}
