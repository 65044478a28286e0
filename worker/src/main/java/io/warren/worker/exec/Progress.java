package io.warren.worker.exec;

import io.warren.protocol.WorkerEvent;

/**
 * Ticks while a task gets somewhere: records read, pairs emitted, values reduced. The worker heartbeats only when it
 * moved since the last heartbeat, so user code stuck in an endless loop goes silent and its task runs elsewhere.
 * Written by the task's thread (for a streaming task also by the threads that feed its process and read its stderr),
 * read by the heartbeat thread. Racing increments may lose one another, which is harmless: any change is progress.
 * The heartbeat also carries the task's latest {@link #status()}.
 */
public final class Progress {
    private static final java.lang.invoke.VarHandle TICKS;

    static {
        try {
            TICKS = java.lang.invoke.MethodHandles.lookup().findVarHandle(Progress.class, "ticks", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long ticks;
    private volatile String status;

    /**
     * Opaque access: cheap on the hot path, yet eventually seen by the heartbeat thread; no ordering is needed. Public
     * for a reduce that waits for its commit's answer, which is progress too.
     */
    public void tick() {
        TICKS.setOpaque(this, (long) TICKS.getOpaque(this) + 1);
    }

    public long ticks() {
        return (long) TICKS.getOpaque(this);
    }

    /**
     * The task's status message, as a user sees it in {@code warren status} and on the status page while the task
     * runs (a streaming command's {@code reporter:status:} lines); the latest wins. Control characters become spaces.
     */
    void status(String message) {
        // One character over what a heartbeat carries, so that the heartbeat still marks the status as cut.
        int keep = WorkerEvent.TaskHeartbeat.MAX_STATUS + 1;
        StringBuilder s = new StringBuilder(Math.min(message.length(), keep));
        for (int i = 0; i < message.length() && s.length() < keep; i++) {
            char c = message.charAt(i);
            s.append(Character.isISOControl(c) ? ' ' : c);
        }
        status = s.toString().strip();
    }

    /** The latest status message, or null if the task set none. */
    public String status() {
        return status;
    }
}
