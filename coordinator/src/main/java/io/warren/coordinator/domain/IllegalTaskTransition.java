package io.warren.coordinator.domain;

/** A bug: some code asked a task for a move its state machine forbids. */
public class IllegalTaskTransition extends IllegalStateException {
    private final String taskId;
    private final TaskState from;
    private final TaskState to;

    public IllegalTaskTransition(String taskId, TaskState from, TaskState to) {
        super("task " + taskId + " cannot move from " + from + " to " + to);
        this.taskId = taskId;
        this.from = from;
        this.to = to;
    }

    public String taskId() {
        return taskId;
    }

    public TaskState from() {
        return from;
    }

    public TaskState to() {
        return to;
    }
}
