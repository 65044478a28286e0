package io.warren.worker;

import io.warren.protocol.ReduceTask;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;

import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Tells the coordinator that a run began, once. Most map tasks of a job of many small inputs end within milliseconds,
 * and a start event of their own would double what the coordinator receives, decodes and journals per task; so a
 * map run says it started only once it has run for {@link #DELAY_MILLIS} (or its first heartbeat is due, if sooner),
 * and a shorter run folds its start into its completion ({@code TaskCompleted.startedAt}).
 *
 * <p>A run says it started at once when the coordinator should know without delay: a reduce (its input size shows
 * skew while it runs), and a task the broker delivers again, whose earlier delivery may have crashed its worker: the
 * start is what lets the coordinator count runs lost with their workers and recognise a poison task. A first delivery
 * that kills its worker within the delay goes unrecorded, and the broker delivers it again, reported at once.
 */
final class StartReport {
    /** How long a first map run may go before its start is reported separately. */
    static final long DELAY_MILLIS = 250;

    private final AtomicBoolean told = new AtomicBoolean();
    private final Instant began;
    private final WorkerEvent.TaskStarted event;
    private final Consumer<WorkerEvent.TaskStarted> send;
    private ScheduledFuture<?> pending;

    private StartReport(Instant began, WorkerEvent.TaskStarted event, Consumer<WorkerEvent.TaskStarted> send) {
        this.began = began;
        this.event = event;
        this.send = send;
    }

    /** Reports {@code event} now, or schedules it on {@code timer} for a first map delivery. */
    static StartReport begin(TaskMessage task, boolean redelivered, WorkerEvent.TaskStarted event,
                             ScheduledExecutorService timer, Consumer<WorkerEvent.TaskStarted> send) {
        StartReport report = new StartReport(event.at(), event, send);
        if (task instanceof ReduceTask || redelivered) {
            report.tell();
        } else {
            long delay = Math.min(DELAY_MILLIS, task.heartbeatMillis());
            report.pending = timer.schedule(report::tell, delay, TimeUnit.MILLISECONDS);
        }
        return report;
    }

    /** Sends the start event unless it was sent or folded into the outcome already. */
    void tell() {
        if (told.compareAndSet(false, true)) send.accept(event);
    }

    /**
     * The run is over: returns when it began if its start was not reported (the outcome carries it), else null.
     */
    Instant fold() {
        if (pending != null) pending.cancel(false);
        return told.compareAndSet(false, true) ? began : null;
    }
}
