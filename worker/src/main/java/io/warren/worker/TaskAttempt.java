package io.warren.worker;

import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.Delivery;
import io.warren.broker.port.DurableQueue;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerBeacon;
import io.warren.protocol.WorkerEvent;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobDirectory;
import io.warren.worker.exec.CommitDenied;
import io.warren.worker.exec.CommitUnanswered;
import io.warren.worker.exec.JobEnded;
import io.warren.worker.exec.LostMapOutputs;
import io.warren.worker.exec.Progress;
import io.warren.worker.exec.IntermediateFiles;
import io.warren.worker.exec.TaskRunner;
import io.warren.worker.metrics.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One delivered task on one of the worker's slots: dropped if its job has ended, handed back if it failed here before
 * ({@link HandBacks}), else run. A run reports started, heartbeats while the task makes progress, and hands its outcome
 * to the {@link Reporter}, which confirms it and only then acknowledges the task; a job that ends meanwhile abandons it.
 */
final class TaskAttempt {
    private static final Logger log = LoggerFactory.getLogger(TaskAttempt.class);
    private static final int MAX_DETAIL = 16 * 1024;

    /** What all task attempts of one worker share; {@code ran} hears how long each run took. */
    record Context(String workerId, StorageLayout layout, DurableQueue<WorkerEvent> events, Clock clock,
                   TaskRunner runner, ScheduledExecutorService heartbeats, Reporter reporter, WorkerMetrics metrics,
                   SlotActivity activity, HandBacks handBacks, Consumer<Duration> ran) {
    }

    private final Context ctx;
    private final Delivery<TaskMessage> delivery;
    private final TaskMessage task;
    private final String taskId;

    TaskAttempt(Context ctx, Delivery<TaskMessage> delivery) {
        this.ctx = ctx;
        this.delivery = delivery;
        this.task = delivery.message();
        this.taskId = task.phase().taskId(task.taskNumber());
    }

    /** Settles the delivery one way or another, on the calling slot's thread. */
    void handle() {
        MDC.put("job", task.jobId());
        MDC.put("task", taskId);
        MDC.put("attempt", Integer.toString(task.attempt()));
        MDC.put("worker", ctx.workerId());
        ctx.activity().took();
        try {
            if (!jobIsLive()) {
                log.info("job={} task={} attempt={} worker={}: the job has ended; dropping the task", task.jobId(),
                        taskId, task.attempt(), ctx.workerId());
                delivery.ack();
                ctx.metrics().taskEnded(task.phase(), WorkerMetrics.Outcome.DROPPED, Duration.ZERO, Map.of());
            } else if (task.avoidWorkers().contains(ctx.workerId()) && ctx.handBacks().handBack(task)) {
                // This task already failed here: hand it back so another worker can try it, if one is free soon.
                log.debug("job={} task={} attempt={} worker={}: failed here before; handing it to another worker",
                        task.jobId(), taskId, task.attempt(), ctx.workerId());
                delivery.requeue();
            } else {
                run();
            }
        } catch (BrokerUnavailable e) {
            // Without a confirmed report the task must not be acked: hand it back so it runs again.
            log.error("job={} task={} attempt={} worker={}: cannot report to the broker, handing the task back: {}",
                    task.jobId(), taskId, task.attempt(), ctx.workerId(), e.getMessage());
            delivery.requeue();
        } finally {
            ctx.activity().letGo();
            Thread.interrupted(); // an abandoned task's interrupt must not leak into the next one
            MDC.clear();
        }
    }

    private void run() {
        // Confirmed together with the outcome: if it were lost, the outcome still tells the coordinator.
        Long inputBytes = task instanceof ReduceTask reduce ? IntermediateFiles.bytes(ctx.layout(), reduce) : null;
        StartReport start = StartReport.begin(task, delivery.redelivered(), new WorkerEvent.TaskStarted(task.jobId(),
                task.phase(), task.taskNumber(), task.attempt(), ctx.workerId(), ctx.clock().instant(), inputBytes),
                ctx.heartbeats(), ctx.events()::publishWithoutWaiting);
        log.debug("job={} task={} attempt={} worker={} started (coordinator term {}){}", task.jobId(), taskId,
                task.attempt(), ctx.workerId(), task.epoch(), delivery.redelivered() ? " (redelivered)" : "");
        Progress progress = new Progress();
        AtomicBoolean abandoned = new AtomicBoolean();
        Instant began = ctx.clock().instant();
        ctx.activity().running(new WorkerBeacon.RunningTask(task.jobId(), task.phase(), task.taskNumber(),
                task.attempt(), began));
        ScheduledFuture<?> heartbeat = ctx.heartbeats().scheduleAtFixedRate(
                new Heartbeat(progress, abandoned, Thread.currentThread()), task.heartbeatMillis(),
                task.heartbeatMillis(), TimeUnit.MILLISECONDS);
        WorkerEvent outcome;
        RuntimeException commitRefused = null;
        try {
            Map<String, Long> counters = ctx.runner().run(task, progress);
            outcome = new WorkerEvent.TaskCompleted(task.jobId(), task.phase(), task.taskNumber(), task.attempt(),
                    ctx.workerId(), ctx.clock().instant(), counters, start.fold());
        } catch (CommitDenied | CommitUnanswered e) {
            outcome = null; // not the user's failure: the output is discarded, and the task is another attempt's
            commitRefused = e;
        } catch (Exception | LinkageError | StackOverflowError e) {
            outcome = abandoned.get() || e instanceof JobEnded ? null : failed(e);
            if (outcome != null) start.tell(); // a failure is rare: its run is recorded as it always was
        } finally {
            heartbeat.cancel(false);
            ctx.activity().stopped();
        }
        Duration took = Duration.between(began, ctx.clock().instant());
        if (commitRefused != null && !abandoned.get()) {
            commitRefused(commitRefused, took);
        } else if (outcome == null || abandoned.get()) {
            log.info("job={} task={} attempt={} worker={}: the job ended while the task ran; abandoned it",
                    task.jobId(), taskId, task.attempt(), ctx.workerId());
            ctx.metrics().taskEnded(task.phase(), WorkerMetrics.Outcome.ABANDONED, took, Map.of());
            delivery.ack();
        } else {
            report(outcome, took);
        }
        ctx.ran().accept(took);
    }

    /**
     * The reduce wrote its output but may not commit it, which it discarded. Denied: the coordinator has ended this
     * run, so the task is acknowledged without a report. Unanswered: the worker is cut off, so the task goes back to
     * the queue (or has gone back already, with the connection), to run where the coordinator can be heard.
     */
    private void commitRefused(RuntimeException e, Duration took) {
        ctx.metrics().taskEnded(task.phase(), WorkerMetrics.Outcome.ABANDONED, took, Map.of());
        if (e instanceof CommitDenied) {
            log.info("job={} task={} attempt={} worker={}: {}; discarded its output", task.jobId(), taskId,
                    task.attempt(), ctx.workerId(), e.getMessage());
            delivery.ack();
        } else {
            log.warn("job={} task={} attempt={} worker={}: {}; discarded its output and handing the task back",
                    task.jobId(), taskId, task.attempt(), ctx.workerId(), e.getMessage());
            delivery.requeue();
        }
    }

    private WorkerEvent failed(Throwable e) {
        log.warn("job={} task={} attempt={} worker={} failed: {}", task.jobId(), taskId, task.attempt(),
                ctx.workerId(), e.toString());
        List<Integer> lost = e instanceof LostMapOutputs l ? l.mapTasks() : List.of();
        return new WorkerEvent.TaskFailed(task.jobId(), task.phase(), task.taskNumber(), task.attempt(),
                ctx.workerId(), ctx.clock().instant(), String.valueOf(e), stackTrace(e), lost, badInput(e));
    }

    /** The input file the task failed on, when it is bad data (a corrupt compressed file), else null. */
    private static String badInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Compression.CorruptInput corrupt) return corrupt.file();
        }
        return null;
    }

    private void report(WorkerEvent outcome, Duration took) {
        ctx.reporter().report(new Reporter.Report(task, delivery, outcome, () -> {
            if (outcome instanceof WorkerEvent.TaskCompleted done) {
                ctx.activity().reportedDone();
                ctx.metrics().taskEnded(task.phase(), WorkerMetrics.Outcome.SUCCEEDED, took, done.counters());
            } else {
                ctx.activity().reportedFailed();
                ctx.metrics().taskEnded(task.phase(), WorkerMetrics.Outcome.FAILED, took, Map.of());
            }
            log.debug("job={} task={} attempt={} worker={} done", task.jobId(), taskId, task.attempt(),
                    ctx.workerId());
        }));
    }

    /**
     * Reports the running task, but only while it makes progress; and notices when its job has ended, then interrupts
     * it, since nothing it produces would be used.
     */
    private final class Heartbeat implements Runnable {
        private final Progress progress;
        private final AtomicBoolean abandoned;
        private final Thread taskThread;
        private long lastTicks = -1;

        Heartbeat(Progress progress, AtomicBoolean abandoned, Thread taskThread) {
            this.progress = progress;
            this.abandoned = abandoned;
            this.taskThread = taskThread;
        }

        @Override
        public void run() {
            if (!jobIsLive()) {
                if (abandoned.compareAndSet(false, true)) taskThread.interrupt();
                return;
            }
            long ticks = progress.ticks();
            if (ticks == lastTicks) {
                log.warn("job={} task={} attempt={} worker={}: no progress for {} ms; not sending a heartbeat",
                        task.jobId(), taskId, task.attempt(), ctx.workerId(), task.heartbeatMillis());
                return;
            }
            lastTicks = ticks;
            try {
                ctx.events().publishWithoutWaiting(new WorkerEvent.TaskHeartbeat(task.jobId(), task.phase(),
                        task.taskNumber(), task.attempt(), ctx.workerId(), ctx.clock().instant(), progress.status()));
            } catch (RuntimeException e) {
                log.debug("heartbeat not sent", e);
            }
        }
    }

    /** See {@link JobDirectory#isLive}; storage that cannot answer leaves the task to run and report. */
    private boolean jobIsLive() {
        try {
            return JobDirectory.of(ctx.layout(), task.jobId()).isLive();
        } catch (IOException e) {
            log.warn("job={} task={} attempt={} worker={}: cannot tell whether the job is live: {}", task.jobId(), taskId,
                    task.attempt(), ctx.workerId(), e.toString());
            return true;
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        String s = out.toString();
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "\n...";
    }
}
