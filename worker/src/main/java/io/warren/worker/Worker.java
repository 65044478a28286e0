package io.warren.worker;

import io.warren.broker.port.Broker;
import io.warren.broker.port.Subscription;
import io.warren.protocol.Durations;
import io.warren.protocol.WorkerBeacon;
import io.warren.protocol.storage.DurableFiles;
import io.warren.worker.exec.OrphanedProcesses;
import io.warren.worker.exec.TaskRunner;
import io.warren.worker.metrics.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker process: takes up to {@code slots} tasks from the task queue and runs each on its own thread as a
 * {@link TaskAttempt}. Per task, in this order: report started, heartbeat while the task makes progress, write the
 * output durably, report completed (or failed) with a publisher confirm, and only then acknowledge the task. A crash
 * anywhere before the ack makes the broker deliver the task again, which at worst runs it twice; a task is never lost.
 * The confirm and the ack happen on the {@link Reporter}'s thread, so a slot runs its next task meanwhile; while tasks
 * are short the worker takes one ahead per slot for that ({@link ReadAhead}).
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** How often the worker announces itself; coordinators count it gone after three missed beacons. */
    public static final Duration BEACON_INTERVAL = Duration.ofSeconds(2);

    private final WorkerConfig config;
    private final Broker broker;
    private final Clock clock;
    private final TaskRunner runner;
    private final CommitRequests commits;
    private final ExecutorService slots;
    private final ScheduledExecutorService heartbeats;
    private final Reporter reporter;
    private final ReadAhead readAhead;
    private final WorkerMetrics metrics;
    private final SlotActivity activity = new SlotActivity();
    private final TaskAttempt.Context attempts;
    private final Instant startedAt;
    private final String host = WorkerConfig.hostName();
    private Subscription subscription;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean closed;

    public Worker(WorkerConfig config, Broker broker, Clock clock) {
        this.config = config;
        this.broker = broker;
        this.clock = clock;
        this.commits = new CommitRequests(config.workerId(), broker.events(), broker.commits(), clock);
        this.runner = new TaskRunner(config.layout(), config.workerId(), config.exec(), commits);
        AtomicInteger n = new AtomicInteger();
        this.slots = Executors.newFixedThreadPool(config.slots(), r -> thread(r, "task-" + n.incrementAndGet()));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "heartbeat"));
        this.metrics = new WorkerMetrics(config.slots(), activity::inHand);
        this.startedAt = clock.instant();
        this.reporter = new Reporter(broker.events());
        this.readAhead = new ReadAhead(config.slots());
        this.attempts = new TaskAttempt.Context(config.workerId(), config.layout(), broker.events(), clock, runner,
                heartbeats, reporter, metrics, activity, new HandBacks(), this::adjustPrefetch);
    }

    public void start() {
        cleanLocalDir();
        OrphanedProcesses.killLeftBehind();
        subscription = broker.tasks().subscribe(readAhead.prefetch(),
                d -> slots.execute(() -> new TaskAttempt(attempts, d).handle()));
        heartbeats.scheduleAtFixedRate(() -> announce(false), 0, BEACON_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        started = true;
        log.info("worker={} started: slots={} storage={}", config.workerId(), config.slots(), config.layout().rootName());
    }

    private void announce(boolean leaving) {
        try {
            List<WorkerBeacon.RunningTask> tasks = activity.running();
            broker.beacons().announce(new WorkerBeacon(config.workerId(), host, config.slots(),
                    tasks.size() > config.slots() ? tasks.subList(0, config.slots()) : tasks, activity.done(),
                    activity.failed(), startedAt, clock.instant(), BEACON_INTERVAL.toMillis(), leaving));
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
            DurableFiles.deleteTree(config.exec().localDir());
        } catch (IOException e) {
            log.warn("worker={}: cannot clean {}: {}", config.workerId(), config.exec().localDir(), e.toString());
        }
    }

    public String id() {
        return config.workerId();
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

    public int runningTasks() {
        return activity.inHand();
    }

    /**
     * Graceful stop: take no new tasks, let the running ones finish and report within {@code grace}, then close; a task
     * still running then is handed back to the queue (unacked deliveries return when the channel closes).
     */
    public void shutdown(Duration grace) {
        log.info("worker={} stopping: finishing {} running task(s), at most {}", config.workerId(), activity.inHand(),
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
        commits.close();
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
