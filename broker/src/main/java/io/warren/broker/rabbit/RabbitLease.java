package io.warren.broker.rabbit;

import com.rabbitmq.client.Connection;
import io.warren.broker.port.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/** The coordinator lease: held while its own connection, which holds the exclusive lock queue, stays open. */
final class RabbitLease implements Leadership.Lease {
    private static final Logger log = LoggerFactory.getLogger(RabbitLease.class);
    private final Connection connection;
    private final CountDownLatch lost = new CountDownLatch(1);

    RabbitLease(Connection connection) {
        this.connection = connection;
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) log.error("lost the coordinator lease: {}", cause.getMessage());
            lost.countDown();
        });
        if (!connection.isOpen()) lost.countDown();
    }

    @Override
    public void awaitLoss() throws InterruptedException {
        lost.await();
    }

    @Override
    public boolean isHeld() {
        return lost.getCount() > 0;
    }

    @Override
    public void close() {
        if (connection.isOpen()) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the lease connection: {}", e.toString());
            }
        }
        lost.countDown();
    }
}
