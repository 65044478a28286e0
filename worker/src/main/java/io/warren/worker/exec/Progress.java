package io.warren.worker.exec;

/**
 * Ticks while a task gets somewhere: records read, pairs emitted, values reduced. The worker heartbeats only when it
 * moved since the last heartbeat, so user code stuck in an endless loop goes silent and its task runs elsewhere.
 * Written by the task's thread only, read by the heartbeat thread.
 */
public final class Progress {
    private volatile long ticks;

    @SuppressWarnings("NonAtomicOperationOnVolatileField") // single writer
    void tick() {
        ticks++;
    }

    public long ticks() {
        return ticks;
    }
}
