package io.warren.worker;

import io.warren.broker.Backoff;
import io.warren.protocol.TaskMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands back a task that failed on this worker before, so that another worker can try it if one is free soon: up to
 * {@link #MAX} times per attempt, each after a pause that grows as {@link Backoff} says; after that, or with no other
 * worker to take it, the task runs here after all.
 */
final class HandBacks {
    static final int MAX = 3;
    private static final int REMEMBERED = 1_000;

    /** Hand-backs per task attempt; bounded, oldest forgotten first. */
    private final Map<String, Integer> handedBack = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Whether to hand {@code task} back; pauses first when so. */
    boolean handBack(TaskMessage task) {
        String key = task.jobId() + "/" + task.phase().taskId(task.taskNumber()) + "/" + task.attempt();
        int n;
        synchronized (handedBack) {
            n = handedBack.merge(key, 1, Integer::sum);
            if (n > MAX) handedBack.remove(key);
        }
        if (n > MAX) return false;
        try {
            Thread.sleep(Backoff.before(n).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
