package io.warren.worker.exec;

/**
 * Ticks while a task gets somewhere: records read, pairs emitted, values reduced. The worker heartbeats only when it
 * moved since the last heartbeat, so user code stuck in an endless loop goes silent and its task runs elsewhere.
 * Written by the task's thread (for a streaming task also by the threads that feed its process and read its stderr),
 * read by the heartbeat thread. Racing increments may lose one another, which is harmless: any change is progress.
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

    /** Opaque access: cheap on the hot path, yet eventually seen by the heartbeat thread; no ordering is needed. */
    void tick() {
        TICKS.setOpaque(this, (long) TICKS.getOpaque(this) + 1);
    }

    public long ticks() {
        return (long) TICKS.getOpaque(this);
    }
}
