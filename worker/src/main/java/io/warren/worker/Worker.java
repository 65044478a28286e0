package io.warren.worker;

import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import io.warren.protocol.port.Broker;
import io.warren.protocol.port.BrokerUnavailable;
import io.warren.protocol.port.Delivery;
import io.warren.protocol.port.Subscription;
import io.warren.worker.exec.TaskRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker process: takes up to {@code slots} tasks from the task queue and runs each on its own thread. Per task, in
 * this order: report started, heartbeat while running, write the output durably, report completed (or failed) with
 * a publisher confirm, and only then acknowledge the task. A crash anywhere before the ack makes the broker deliver
 * the task again, which at worst runs it twice; a task is never lost.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final int MAX_DETAIL = 16 * 1024;

    private final WorkerConfig config;
    private final Broker broker;
    private final Clock clock;
    private final TaskRunner runner;
    private final ExecutorService slots;
    private final ScheduledExecutorService heartbeats;
    private final AtomicInteger running = new AtomicInteger();
    private Subscription subscription;

    public Worker(WorkerConfig config, Broker broker, Clock clock) {
        this.config = config;
        this.broker = broker;
        this.clock = clock;
        this.runner = new TaskRunner(config.layout(), config.workerId());
        AtomicInteger n = new AtomicInteger();
        this.slots = Executors.newFixedThreadPool(config.slots(), r -> thread(r, "task-" + n.incrementAndGet()));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "heartbeat"));
    }

    public void start() {
        subscription = broker.tasks().subscribe(config.slots(), d -> slots.execute(() -> run(d)));
        log.info("worker={} started: slots={} storage={}", config.workerId(), config.slots(), config.layout().root());
    }

    public String id() {
        return config.workerId();
    }

    private void run(Delivery<TaskMessage> delivery) {
        TaskMessage task = delivery.message();
        String taskId = task.phase().wireName() + "-" + task.taskNumber();
        MDC.put("job", task.jobId());
        MDC.put("task", taskId);
        MDC.put("attempt", Integer.toString(task.attempt()));
        MDC.put("worker", config.workerId());
        running.incrementAndGet();
        ScheduledFuture<?> heartbeat = null;
        try {
            publish(new WorkerEvent.TaskStarted(task.jobId(), task.phase(), task.taskNumber(), task.attempt(),
                    config.workerId(), clock.instant()));
            log.debug("job={} task={} attempt={} worker={} started{}", task.jobId(), taskId, task.attempt(),
                    config.workerId(), delivery.redelivered() ? " (redelivered)" : "");
            heartbeat = heartbeats.scheduleAtFixedRate(() -> beat(task), task.heartbeatMillis(), task.heartbeatMillis(),
                    TimeUnit.MILLISECONDS);
            WorkerEvent outcome;
            try {
                runner.run(task);
                outcome = new WorkerEvent.TaskCompleted(task.jobId(), task.phase(), task.taskNumber(), task.attempt(),
                        config.workerId(), clock.instant());
            } catch (Exception | LinkageError | StackOverflowError e) {
                log.warn("job={} task={} attempt={} worker={} failed: {}", task.jobId(), taskId, task.attempt(),
                        config.workerId(), e.toString());
                outcome = new WorkerEvent.TaskFailed(task.jobId(), task.phase(), task.taskNumber(), task.attempt(),
                        config.workerId(), clock.instant(), String.valueOf(e), stackTrace(e));
            }
            heartbeat.cancel(false);
            publish(outcome);
            delivery.ack();
            log.debug("job={} task={} attempt={} worker={} done", task.jobId(), taskId, task.attempt(), config.workerId());
        } catch (BrokerUnavailable e) {
            // Without a confirmed report the task must not be acked: hand it back so it runs again.
            log.error("job={} task={} attempt={} worker={}: cannot report to the broker, handing the task back: {}",
                    task.jobId(), taskId, task.attempt(), config.workerId(), e.getMessage());
            delivery.requeue();
        } finally {
            if (heartbeat != null) heartbeat.cancel(false);
            running.decrementAndGet();
            MDC.clear();
        }
    }

    private void beat(TaskMessage task) {
        try {
            publish(new WorkerEvent.TaskHeartbeat(task.jobId(), task.phase(), task.taskNumber(), task.attempt(),
                    config.workerId(), clock.instant()));
        } catch (RuntimeException e) {
            log.debug("heartbeat not sent", e);
        }
    }

    private void publish(WorkerEvent event) {
        broker.events().publish(event);
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        String s = out.toString();
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "\n...";
    }

    public int runningTasks() {
        return running.get();
    }

    @Override
    public void close() {
        if (subscription != null) subscription.close();
        slots.shutdownNow();
        heartbeats.shutdownNow();
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
