package io.warren.protocol.port;

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

    ProgressFeed progress();

    /** Removes and returns up to {@code max} dead letters, oldest first. */
    List<DeadLetter> takeDeadLetters(int max);

    @Override
    void close();
}
