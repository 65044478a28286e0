package io.warren.coordinator.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The thread a {@link JournalCompactor} writes a {@link FileJobStore}'s snapshots on, one after another, made when
 * first needed.
 */
final class SnapshotThread implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SnapshotThread.class);
    private ExecutorService thread;

    @Override
    public synchronized void execute(Runnable compaction) {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "job-snapshots");
                t.setDaemon(true);
                return t;
            });
        }
        thread.execute(compaction);
    }

    /** Waits for the snapshots being written, for 60 s at most; a snapshot asked for later starts a new thread. */
    void finish() {
        ExecutorService t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t == null) return;
        t.shutdown();
        try {
            if (!t.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("a job snapshot is still being written after 60 s; leaving it (a new one is written later)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
