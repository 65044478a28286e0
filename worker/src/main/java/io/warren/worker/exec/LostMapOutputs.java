package io.warren.worker.exec;

import java.io.IOException;
import java.util.List;

/**
 * A reduce could not read the output of some map tasks: missing, truncated or corrupt. Not the reduce's fault; the
 * coordinator makes those map outputs again.
 */
public final class LostMapOutputs extends IOException {
    private final List<Integer> mapTasks;

    public LostMapOutputs(List<Integer> mapTasks, String message, Throwable cause) {
        super(message, cause);
        this.mapTasks = List.copyOf(mapTasks);
    }

    public List<Integer> mapTasks() {
        return mapTasks;
    }
}
