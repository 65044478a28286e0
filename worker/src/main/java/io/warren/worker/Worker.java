package io.warren.worker;

import io.warren.protocol.Durations;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerBeacon;
import io.warren.protocol.WorkerEvent;
import io.warren.broker.Backoff;
import io.warren.broker.port.Broker;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.Delivery;
import io.warren.broker.port.Subscription;
import io.warren.worker.exec.JobEnded;
import io.warren.worker.exec.LostMapOutputs;
import io.warren.worker.exec.OrphanedProcesses;
import io.warren.worker.exec.Progress;
import io.warren.worker.exec.TaskRunner;
import io.warren.worker.metrics.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker process: takes up to {@code slots} tasks from the task queue and runs each on its own thread. Per task, in
 * this order: report started, heartbeat while the task makes progress, write the output durably, report completed
 * (or failed) with a publisher confirm, and only then acknowledge the task. A crash anywhere before the ack makes the
 * broker deliver the task again, which at worst runs it twice; a task is never lost. The confirm and the ack happen
 * on the {@link Reporter}'s thread, so a slot runs its next task meanwhile; while tasks are short the worker takes
 * one ahead per slot for that ({@link ReadAhead}).
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
    private static final int HAND_BACKS = 3;
    /** Attempts handed back, per task attempt; bounded, oldest forgotten first. */
    private final Map<String, Integer> handedBack = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 1_000;
        }
    };
    private Subscription subscription;
    private final Reporter reporter;
    private final ReadAhead readAhead;
    /** How often the worker announces itself; coordinators count it gone after three missed beacons. */
    public static final Duration BEACON_INTERVAL = Duration.ofSeconds(2);
    private final WorkerMetrics metrics;
    private final Map<Thread, WorkerBeacon.RunningTask> current = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong tasksDone = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong tasksFailed = new java.util.concurrent.atomic.AtomicLong();
    private final java.time.Instant startedAt;
    private final String host = WorkerConfig.hostName();
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean closed;

    public Worker(WorkerConfig config, Broker broker, Clock clock) {
        this.config = config;
        this.broker = broker;
        this.clock = clock;
        this.runner = new TaskRunner(config.layout(), config.workerId(), config.exec());
        AtomicInteger n = new AtomicInteger();
        this.slots = Executors.newFixedThreadPool(config.slots(), r -> thread(r, "task-" + n.incrementAndGet()));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "heartbeat"));
        this.metrics = new WorkerMetrics(config.slots(), running::get);
        this.startedAt = clock.instant();
        this.reporter = new Reporter(broker.events());
        this.readAhead = new ReadAhead(config.slots());
    }

    public void start() {
        cleanLocalDir();
        OrphanedProcesses.killLeftBehind();
        subscription = broker.tasks().subscribe(readAhead.prefetch(), d -> slots.execute(() -> handle(d)));
        heartbeats.scheduleAtFixedRate(() -> announce(false), 0, BEACON_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        started = true;
        log.info("worker={} started: slots={} storage={}", config.workerId(), config.slots(), config.layout().root());
    }

    private void announce(boolean leaving) {
        try {
            List<WorkerBeacon.RunningTask> tasks = List.copyOf(current.values());
            broker.beacons().announce(new WorkerBeacon(config.workerId(), host, config.slots(),
                    tasks.size() > config.slots() ? tasks.subList(0, config.slots()) : tasks, tasksDone.get(),
                    tasksFailed.get(), startedAt, clock.instant(), BEACON_INTERVAL.toMillis(), leaving));
        } catch (RuntimeException e) {
            log.debug("beacon not sent", e);
        }
    }

    /** Taking tasks: started, not stopping, and connected to the broker. */
    public boolean isReady() {
        return started && !stopping && !closed && broker.isConnected();
    }

    /** Not yet closed; a worker that cannot reach the broker is still alive, and recovers when the broker returns. */
    public boolean isLive() {
        return !closed;
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    /** Spills and merge passes of an earlier process with this id cannot exist, but a crashed task's may: start clean. */
    private void cleanLocalDir() {
        try {
            io.warren.protocol.storage.DurableFiles.deleteTree(config.exec().localDir());
        } catch (java.io.IOException e) {
            log.warn("worker={}: cannot clean {}: {}", config.workerId(), config.exec().localDir(), e.toString());
        }
    }

    public String id() {
        return config.workerId();
    }

    private void handle(Delivery<TaskMessage> delivery) {
        TaskMessage task = delivery.message();
        String taskId = task.phase().taskId(task.taskNumber());
        MDC.put("job", task.jobId());
        MDC.put("task", taskId);
        MDC.put("attempt", Integer.toString(task.attempt()));
        MDC.put("worker", config.workerId());
        running.incrementAndGet();
        try {
            if (!jobIsLive(task)) {
                log.info("job={} task={} attempt={} worker={}: the job has ended; dropping the task", task.jobId(),
                        taskId, task.attempt(), config.workerId());
                delivery.ack();
                metrics.taskEnded(task.phase(), WorkerMetrics.Outcome.DROPPED, Duration.ZERO, Map.of());
            } else if (task.avoidWorkers().contains(config.workerId()) && handBack(task)) {
                // This task already failed here: hand it back so another worker can try it, if one is free soon.
                log.debug("job={} task={} attempt={} worker={}: failed here before; handing it to another worker",
                        task.jobId(), taskId, task.attempt(), config.workerId());
                delivery.requeue();
            } else {
                run(delivery, task, taskId);
            }
        } catch (BrokerUnavailable e) {
            // Without a confirmed report the task must not be acked: hand it back so it runs again.
            log.error("job={} task={} attempt={} worker={}: cannot report to the broker, handing the task back: {}",
                    task.jobId(), taskId, task.attempt(), config.workerId(), e.getMessage());
            delivery.requeue();
        } finally {
            running.decrementAndGet();
            Thread.interrupted(); // an abandoned task's interrupt must not leak into the next one
            MDC.clear();
        }
    }

    private void run(Delivery<TaskMessage> delivery, TaskMessage task, String taskId) {
        // Confirmed together with the outcome: if it were lost, the outcome still tells the coordinator.
        broker.events().publishWithoutWaiting(new WorkerEvent.TaskStarted(task.jobId(), task.phase(), task.taskNumber(),
                task.attempt(), config.workerId(), clock.instant()));
        log.debug("job={} task={} attempt={} worker={} started{}", task.jobId(), taskId, task.attempt(),
                config.workerId(), delivery.redelivered() ? " (redelivered)" : "");
        Progress progress = new Progress();
        AtomicBoolean abandoned = new AtomicBoolean();
        java.time.Instant began = clock.instant();
        current.put(Thread.currentThread(), new WorkerBeacon.RunningTask(task.jobId(), task.phase(), task.taskNumber(),
                task.attempt(), began));
        Thread taskThread = Thread.currentThread();
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(
                new Heartbeat(task, progress, abandoned, taskThread), task.heartbeatMillis(), task.heartbeatMillis(),
                TimeUnit.MILLISECONDS);
        WorkerEvent outcome;
        try {
            Map<String, Long> counters = runner.run(task, progress);
            outcome = new WorkerEvent.TaskCompleted(task.jobId(), task.phase(), task.taskNumber(), task.attempt(),
                    config.workerId(), clock.instant(), counters);
        } catch (Exception | LinkageError | StackOverflowError e) {
            if (abandoned.get() || e instanceof JobEnded) {
                outcome = null;
            } else {
                log.warn("job={} task={} attempt={} worker={} failed: {}", task.jobId(), taskId, task.attempt(),
                        config.workerId(), e.toString());
                List<Integer> lost = e instanceof LostMapOutputs l ? l.mapTasks() : List.of();
                outcome = new WorkerEvent.TaskFailed(task.jobId(), task.phase(), task.taskNumber(), task.attempt(),
                        config.workerId(), clock.instant(), String.valueOf(e), stackTrace(e), lost);
            }
        } finally {
            heartbeat.cancel(false);
            current.remove(Thread.currentThread());
        }
        Duration took = Duration.between(began, clock.instant());
        if (outcome == null || abandoned.get()) {
            log.info("job={} task={} attempt={} worker={}: the job ended while the task ran; abandoned it",
                    task.jobId(), taskId, task.attempt(), config.workerId());
            metrics.taskEnded(task.phase(), WorkerMetrics.Outcome.ABANDONED, took, Map.of());
            delivery.ack();
        } else {
            WorkerEvent reported = outcome;
            reporter.report(new Reporter.Report(task, delivery, reported, () -> {
                if (reported instanceof WorkerEvent.TaskCompleted done) {
                    tasksDone.incrementAndGet();
                    metrics.taskEnded(task.phase(), WorkerMetrics.Outcome.SUCCEEDED, took, done.counters());
                } else {
                    tasksFailed.incrementAndGet();
                    metrics.taskEnded(task.phase(), WorkerMetrics.Outcome.FAILED, took, Map.of());
                }
                log.debug("job={} task={} attempt={} worker={} done", task.jobId(), taskId, task.attempt(),
                        config.workerId());
            }));
        }
        adjustPrefetch(took);
    }

    /**
     * Records a task's run time and, if that changes the prefetch, tells the subscription. Both under one lock, so that
     * with several slots the last decision is also the last one the subscription hears.
     */
    private synchronized void adjustPrefetch(Duration took) {
        int before = readAhead.prefetch();
        int wanted = readAhead.ran(took);
        if (wanted == before || subscription == null || stopping) return;
        subscription.setPrefetch(wanted);
        log.debug("worker={}: prefetch {} (tasks take {} on average)", config.workerId(), wanted,
                wanted > config.slots() ? "little time" : "a while");
    }

    /**
     * Reports a running task, but only while it makes progress; and notices when its job has ended, then interrupts
     * it, since nothing it produces would be used.
     */
    private final class Heartbeat implements Runnable {
        private final TaskMessage task;
        private final Progress progress;
        private final AtomicBoolean abandoned;
        private final Thread taskThread;
        private long lastTicks = -1;

        Heartbeat(TaskMessage task, Progress progress, AtomicBoolean abandoned, Thread taskThread) {
            this.task = task;
            this.progress = progress;
            this.abandoned = abandoned;
            this.taskThread = taskThread;
        }

        @Override
        public void run() {
            if (!jobIsLive(task)) {
                if (abandoned.compareAndSet(false, true)) taskThread.interrupt();
                return;
            }
            long ticks = progress.ticks();
            if (ticks == lastTicks) {
                log.warn("job={} task={} attempt={} worker={}: no progress for {} ms; not sending a heartbeat",
                        task.jobId(), task.phase().taskId(task.taskNumber()), task.attempt(), config.workerId(),
                        task.heartbeatMillis());
                return;
            }
            lastTicks = ticks;
            try {
                broker.events().publishWithoutWaiting(new WorkerEvent.TaskHeartbeat(task.jobId(), task.phase(),
                        task.taskNumber(), task.attempt(), config.workerId(), clock.instant(), progress.status()));
            } catch (RuntimeException e) {
                log.debug("heartbeat not sent", e);
            }
        }
    }

    /**
     * Whether to hand back a task that failed here before: up to {@link #HAND_BACKS} times per attempt, each after a
     * pause that grows as {@link Backoff} says, so that a worker busy right now can finish and take it; after that, or with no other worker, run it.
     */
    private boolean handBack(TaskMessage task) {
        String key = task.jobId() + "/" + task.phase().taskId(task.taskNumber()) + "/" + task.attempt();
        int n;
        synchronized (handedBack) {
            n = handedBack.merge(key, 1, Integer::sum);
            if (n > HAND_BACKS) handedBack.remove(key);
        }
        if (n > HAND_BACKS) return false;
        try {
            Thread.sleep(Backoff.before(n).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The coordinator creates a job's intermediate directory when it accepts the job and deletes it when it ends. */
    private boolean jobIsLive(TaskMessage task) {
        return Files.isDirectory(config.layout().intermediateDir(task.jobId()));
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

    /**
     * Graceful stop: take no new tasks, let the running ones finish and report within {@code grace}, then close; a task
     * still running then is handed back to the queue (unacked deliveries return when the channel closes).
     */
    public void shutdown(Duration grace) {
        log.info("worker={} stopping: finishing {} running task(s), at most {}", config.workerId(), running.get(),
                Durations.format(grace));
        stopping = true;
        if (subscription != null) subscription.stopConsuming();
        slots.shutdown();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            if (!slots.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("worker={}: tasks still running after {}; handing them back", config.workerId(),
                        Durations.format(grace));
            } else if (!reporter.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                log.warn("worker={}: finished tasks not yet reported after {}; handing them back", config.workerId(),
                        Durations.format(grace));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        log.info("worker={} stopped", config.workerId());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (started) announce(true);
        reporter.close();
        if (subscription != null) subscription.close();
        slots.shutdownNow();
        runner.close(); // streaming processes die with the worker, not after it
        heartbeats.shutdownNow();
        cleanLocalDir();
        metrics.close();
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
