package io.warren.coordinator.domain;

import io.warren.protocol.TaskMessage;

import java.util.List;

/** Where the coordinator sends tasks. Returns once they are durable on the broker. */
public interface TaskPublisher {
    void publish(List<TaskMessage> tasks);
}
