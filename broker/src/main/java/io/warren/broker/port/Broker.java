package io.warren.broker.port;

import io.warren.protocol.JobCommand;
import io.warren.protocol.JobSpec;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;

import java.util.List;

/**
 * Everything Warren's roles need from a message broker. {@code RabbitBroker} talks AMQP to RabbitMQ; {@code LocalBroker}
 * keeps the same queues in memory for local mode ({@code warren run}).
 */
public interface Broker extends AutoCloseable {
    DurableQueue<JobSpec> jobs();

    DurableQueue<TaskMessage> tasks();

    DurableQueue<WorkerEvent> events();

    DurableQueue<JobCommand> control();

    /**
     * Blocks until this process is the one active coordinator, then returns a lease that ends when it closes or when
     * the broker can no longer vouch for it (connection lost), whichever comes first.
     */
    Leadership.Lease awaitLeadership(String holder) throws InterruptedException;

    ProgressFeed progress();

    /** The coordinator's answers to control commands, each to the one client that asked. */
    ControlAnswers answers();

    /** The coordinator's answers to commit requests, each to the one worker that asked. */
    CommitAnswers commits();

    WorkerBeacons beacons();

    /** Whether the connection to the broker is up right now (it may be recovering). */
    default boolean isConnected() {
        return true;
    }

    /** Removes and returns up to {@code max} dead letters, oldest first. */
    List<DeadLetter> takeDeadLetters(int max);

    @Override
    void close();
}
