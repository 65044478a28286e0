package io.warren.worker.exec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The streaming processes a worker is running, so that closing the worker kills every one of their trees. */
final class LiveProcesses {
    private final Set<StreamingProcess> running = ConcurrentHashMap.newKeySet();

    void add(StreamingProcess p) {
        running.add(p);
    }

    void remove(StreamingProcess p) {
        running.remove(p);
    }

    int size() {
        return running.size();
    }

    /** Kills every running process tree, and waits for them to die. */
    void killAll() {
        for (StreamingProcess p : running) p.kill("was stopped: the worker shut down");
    }
}
