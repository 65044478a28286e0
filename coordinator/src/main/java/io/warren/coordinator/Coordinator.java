package io.warren.coordinator;

import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskScheduler;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineRunner;
import io.warren.coordinator.pipeline.StepJobs;
import io.warren.coordinator.storage.FileJobPlanner;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.coordinator.storage.FileOutputCommitter;
import io.warren.coordinator.storage.FilePipelineStore;
import io.warren.protocol.ControlAnswer;
import io.warren.protocol.Durations;
import io.warren.protocol.JobCommand;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.WorkerEvent;
import io.warren.protocol.apps.AppCatalog;
import io.warren.broker.port.Broker;
import io.warren.broker.port.Delivery;
import io.warren.broker.port.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator process: consumes job specs and worker events from the broker and feeds them, one at a time, to a
 * {@link TaskScheduler} on a single thread. Work is taken in batches: everything waiting is applied, the scheduler
 * flushes (job records saved, tasks published with confirms), and only then are the batch's messages acknowledged, so
 * a crash at any point loses nothing: unacknowledged input comes back, and duplicates are harmless.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final int MAX_BATCH = 1_000;
    private static final int EVENT_PREFETCH = 500;
    private static final int JOB_PREFETCH = 16;
    /**
     * After a flush, a batch collects work for nine times as long as that flush took, so that saving job records takes
     * at most a tenth of a busy coordinator's time whatever their size, but never for longer than this: a large job's
     * record is saved at most ten times a second rather than once per event, while a small one (a flush of a
     * millisecond or two) moves on to its next phase within milliseconds. An idle coordinator answers at once.
     */
    private static final long MAX_FLUSH_INTERVAL_NANOS = 100_000_000L;
    private static final int FLUSH_INTERVAL_PER_FLUSH_TIME = 9;

    private final CoordinatorConfig config;
    private final Broker broker;
    private final Clock clock;
    private final Observability observability;
    /** Whether this coordinator made {@link #observability} itself, and so closes it. */
    private final boolean ownsObservability;
    private final FileJobStore store;
    private final TaskScheduler scheduler;
    private final FilePipelineStore pipelineStore;
    private final PipelineRunner pipelines;
    private final BlockingQueue<Work> inbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "deadline-sweeper"));
    private final Thread loop = new Thread(this::run, "coordinator");
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Commands handled in the current batch, answered once the batch's effects are saved. Loop thread only. */
    private final List<HandledCommand> handled = new ArrayList<>();
    private final String name = processName();
    private volatile boolean running;
    private volatile Throwable fatal;
    /** When {@link #start} began, and how many unfinished jobs it found: the first flush reports the recovery time. */
    private volatile long startNanos;
    private volatile int resuming;

    /** One thing for the loop to do, and the delivery to settle once its effects are durable. */
    private record Work(Runnable action, Delivery<?> delivery) {
    }

    private record HandledCommand(JobCommand command, boolean done) {
    }

    /** A job spec taken in the current batch: when it arrived, and how long planning it took. Loop thread only. */
    private record Admission(String jobId, long arrivedNanos, long planNanos) {
    }

    private final List<Admission> admitted = new ArrayList<>();
    /** When the current flush began publishing tasks (after saving the jobs); 0 if it published none. Loop thread only. */
    private long publishStart;

    /** How a coordinator process names itself: its broker connection, its lease and its answers. */
    public static String processName() {
        return "warren-coordinator-" + ProcessHandle.current().pid();
    }

    public Coordinator(CoordinatorConfig config, Broker broker, Clock clock) {
        this(config, broker, clock, new Observability(clock), true);
    }

    /** A coordinator that reports to the process's {@code observability}, which outlives it. */
    public Coordinator(CoordinatorConfig config, Broker broker, Clock clock, Observability observability) {
        this(config, broker, clock, observability, false);
    }

    private Coordinator(CoordinatorConfig config, Broker broker, Clock clock, Observability observability, boolean owned) {
        this.observability = observability;
        this.ownsObservability = owned;
        this.config = config;
        this.broker = broker;
        this.clock = clock;
        this.store = new FileJobStore(config.layout());
        FileJobPlanner planner = new FileJobPlanner(config.layout(), new AppCatalog(config.layout()), config.confined(),
                config.splitSize());
        this.scheduler = new TaskScheduler(
                TaskScheduler.Settings.of(config.taskTimeout(), config.maxAttempts(), config.backups()), clock, planner,
                this::publishTasks, store, new FileOutputCommitter(config.layout()), this::jobProgress,
                io.warren.coordinator.domain.SchedulerListener.all(List.of(observability.listener(),
                        HaltPoints.fromEnvironment())));
        this.pipelineStore = new FilePipelineStore(config.layout());
        this.pipelines = new PipelineRunner(pipelineStore, new StepJobs() {
            @Override
            public void submit(JobSpec job) {
                scheduler.submit(job);
            }

            @Override
            public void check(JobSpec job) {
                planner.check(job);
            }

            @Override
            public boolean cancel(String jobId, String reason) {
                return scheduler.cancel(jobId, reason);
            }

            @Override
            public Optional<JobRecord> job(String jobId) {
                return store.load(jobId);
            }
        }, clock, broker.progress()::publish);
    }

    /** A job's progress goes to its followers, and to the pipeline it is a step of, if any. */
    private void jobProgress(JobUpdate update) {
        broker.progress().publish(update);
        pipelines.onJobUpdate(update);
    }

    public void start() {
        running = true;
        startNanos = System.nanoTime();
        List<JobRecord> onRecord = store.recover();
        observability.metrics().history(onRecord);
        List<JobRecord> unfinished = onRecord.stream().filter(j -> !j.state().isTerminal()).toList();
        resuming = unfinished.size();
        if (!unfinished.isEmpty()) {
            log.info("resuming {} unfinished job(s), read from storage in {} ms", unfinished.size(),
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
        List<PipelineRecord> pipelinesOnRecord = pipelineStore.loadAll();
        inbox.add(new Work(() -> {
            scheduler.resume(unfinished);
            pipelines.resume(pipelinesOnRecord); // after the jobs: a pipeline looks at its step's job
        }, null));
        loop.start();
        subscriptions.add(broker.events().subscribe(EVENT_PREFETCH, d -> inbox.add(new Work(() -> onEvent(d.message()), d))));
        subscriptions.add(broker.jobs().subscribe(JOB_PREFETCH, d -> {
            long arrived = System.nanoTime();
            inbox.add(new Work(() -> onJob(d, arrived), d));
        }));
        subscriptions.add(broker.control().subscribe(JOB_PREFETCH, d -> inbox.add(new Work(() -> onCommand(d.message()), d))));
        long sweepMillis = Math.max(50, Math.min(1_000, config.taskTimeout().toMillis() / 4));
        timer.scheduleWithFixedDelay(() -> inbox.add(new Work(() -> {
            scheduler.workersDied(observability.workers().takeDiedIdle());
            scheduler.sweep();
        }, null)), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        if (!config.keepHistory().isZero()) {
            // At once from the records just read, then from the store every tenth of the age (at most hourly).
            inbox.add(new Work(() -> pruneHistory(onRecord), null));
            long pruneMillis = Math.max(1_000, Math.min(3_600_000, config.keepHistory().toMillis() / 10));
            timer.scheduleWithFixedDelay(() -> inbox.add(new Work(() -> pruneHistory(store.loadAll()), null)),
                    pruneMillis, pruneMillis, TimeUnit.MILLISECONDS);
        }
        BackupPolicy backups = config.backups();
        log.info("coordinator started: storage={} taskTimeout={} maxAttempts={} backups={} keepHistory={}",
                config.layout().root(), Durations.format(config.taskTimeout()), config.maxAttempts(),
                backups.enabled() ? "on (slowness " + backups.slowness() + ", minRuntime "
                        + Durations.format(backups.minRuntime()) + ")" : "off",
                config.keepHistory().isZero() ? "forever" : Durations.format(config.keepHistory()));
    }

    /** Forgets jobs that ended longer than {@code keepHistory} ago. Runs on the loop, so no job changes meanwhile. */
    private void pruneHistory(List<JobRecord> onRecord) {
        java.time.Instant cutoff = clock.instant().minus(config.keepHistory());
        int pruned = 0;
        for (JobRecord job : onRecord) {
            if (job.state().isTerminal() && job.finishedAt() != null && job.finishedAt().isBefore(cutoff)) {
                store.delete(job.jobId());
                observability.metrics().forgotten(job.state());
                pruned++;
            }
        }
        for (PipelineRecord pipeline : pipelineStore.loadAll()) {
            if (pipeline.state().isTerminal() && pipeline.finishedAt() != null && pipeline.finishedAt().isBefore(cutoff)) {
                pipelineStore.delete(pipeline.pipelineId());
                pruned++;
            }
        }
        if (pruned > 0) log.info("pruned {} job and pipeline record(s) that ended before {}", pruned, cutoff);
    }

    /** Whether the loop is running: this process coordinates. */
    public boolean isActive() {
        return running && stopped.getCount() > 0 && loop.isAlive();
    }

    private void onJob(Delivery<JobSpec> delivery, long arrivedNanos) {
        try {
            long start = System.nanoTime();
            JobSpec spec = delivery.message();
            if (spec.isPipeline()) {
                pipelines.submit(spec);
                return;
            }
            if (spec.jobId() != null && pipelines.find(spec.jobId()).isPresent()) {
                throw new PipelineRunner.DuplicateId(spec.jobId());
            }
            scheduler.submit(spec);
            admitted.add(new Admission(delivery.message().jobId(), arrivedNanos, System.nanoTime() - start));
        } catch (TaskScheduler.DuplicateJob | PipelineRunner.DuplicateId e) {
            // The id belongs to another job, whose record and followers must not hear of this: tell this submitter only.
            JobSpec spec = delivery.message();
            broker.progress().refuse(spec, new JobUpdate(spec.jobId(), JobState.FAILED, 0, 0, 0, 0,
                    "refused: " + e.getMessage(), java.time.Instant.now()));
            delivery.deadLetter(e.getMessage());
            throw new Settled();
        }
    }

    private void onCommand(JobCommand command) {
        if (command instanceof JobCommand.CancelJob cancel) {
            boolean done = pipelines.isRunning(cancel.jobId()) ? pipelines.cancel(cancel.jobId(), cancel.reason())
                    : scheduler.cancel(cancel.jobId(), cancel.reason());
            handled.add(new HandledCommand(cancel, done));
        }
    }

    /**
     * Answers the batch's commands. Only after the flush: an answer never reports what a crash could still undo, and a
     * job that ended in this very batch is on record with its final state.
     */
    private void answerCommands() {
        for (HandledCommand h : handled) {
            JobCommand command = h.command();
            String jobId = command.jobId();
            ControlAnswer answer;
            if (h.done()) {
                String what = pipelines.find(jobId).isPresent() ? "pipeline " : "job ";
                answer = answer(command, ControlAnswer.Outcome.CANCELLED, JobState.CANCELLED, what + jobId + " cancelled");
            } else {
                Optional<JobRecord> record = store.load(jobId);
                Optional<PipelineRecord> pipeline = record.isPresent() ? Optional.empty() : pipelines.find(jobId);
                if (pipeline.isPresent()) {
                    PipelineRecord p = pipeline.get();
                    answer = answer(command, ControlAnswer.Outcome.ALREADY_ENDED, p.state().asJobState(), "pipeline "
                            + jobId + " had already ended: " + p.state() + (p.error() == null ? "" : " (" + p.error() + ")"));
                } else if (record.isEmpty()) {
                    answer = answer(command, ControlAnswer.Outcome.NO_SUCH_JOB, null, "no job " + jobId + " on record");
                } else {
                    JobRecord j = record.get();
                    String state = j.state().name().toLowerCase(Locale.ROOT);
                    // Followers of the job, and a sender that asked for no answer, learn it from the job's progress.
                    broker.progress().publish(new JobUpdate(j.jobId(), j.state(), (int) j.mapsDone(), j.maps().size(),
                            (int) j.reducesDone(), j.reduces().size(), "not running: " + state, clock.instant()));
                    answer = answer(command, ControlAnswer.Outcome.ALREADY_ENDED, j.state(), "job " + jobId
                            + " had already ended: " + j.state() + (j.error() == null ? "" : " (" + j.error() + ")"));
                }
            }
            if (answer != null) broker.answers().answer(answer);
        }
        handled.clear();
    }

    private ControlAnswer answer(JobCommand command, ControlAnswer.Outcome outcome, JobState state, String message) {
        if (command.requestId() == null) return null;
        return new ControlAnswer(command.requestId(), command.jobId(), outcome, state, message, name);
    }

    private void onEvent(WorkerEvent event) {
        scheduler.on(event);
    }

    /**
     * Times each job taken in this batch from its spec's arrival to the end of the flush that saved it and published
     * its first tasks (confirmed by the broker): the wait for a worker to hear of new work.
     */
    private void reportAdmissions(long flushStart, long flushEnd) {
        long published = publishStart == 0 ? flushEnd : publishStart;
        for (Admission a : admitted) {
            long nanos = flushEnd - a.arrivedNanos();
            observability.metrics().jobAdmitted(java.time.Duration.ofNanos(nanos));
            log.info("job={} admitted: first tasks published {} ms after its spec arrived, all confirmed {} ms after"
                            + " (planning {} ms, saving {} ms, publishing until confirmed {} ms)", a.jobId(),
                    millis(published - a.arrivedNanos()), millis(nanos), millis(a.planNanos()),
                    millis(published - flushStart), millis(flushEnd - published));
        }
        admitted.clear();
        publishStart = 0;
    }

    private void publishTasks(List<io.warren.protocol.TaskMessage> messages) {
        if (publishStart == 0) publishStart = System.nanoTime();
        broker.tasks().publish(messages);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** Thrown by an action that settled its delivery itself. */
    private static final class Settled extends RuntimeException {
        Settled() {
            super(null, null, false, false);
        }
    }

    private void run() {
        List<Work> batch = new ArrayList<>();
        long lastFlush = 0;
        long flushInterval = 0;
        boolean resumed = false;
        try {
            while (running) {
                Work first = inbox.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long until = lastFlush + flushInterval;
                inbox.drainTo(batch, MAX_BATCH - 1);
                while (batch.size() < MAX_BATCH && System.nanoTime() < until) {
                    Work more = inbox.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (more == null) break;
                    batch.add(more);
                    inbox.drainTo(batch, MAX_BATCH - batch.size());
                }
                List<Delivery<?>> settle = new ArrayList<>();
                for (Work w : batch) {
                    try {
                        w.action.run();
                        if (w.delivery != null) settle.add(w.delivery);
                    } catch (Settled s) {
                        // the action dead-lettered its own delivery
                    } catch (RuntimeException e) {
                        log.error("bug: handling a message failed; dead-lettering it", e);
                        if (w.delivery != null) w.delivery.deadLetter("coordinator failed on it: " + e);
                    }
                }
                long flushStart = System.nanoTime();
                scheduler.flush();
                // A step that ended starts the next (or ends its pipeline); what that submits is saved and sent now.
                while (pipelines.advance()) scheduler.flush();
                answerCommands();
                lastFlush = System.nanoTime();
                reportAdmissions(flushStart, lastFlush);
                flushInterval = Math.min(MAX_FLUSH_INTERVAL_NANOS, FLUSH_INTERVAL_PER_FLUSH_TIME * (lastFlush - flushStart));
                settle.forEach(Delivery::ack);
                batch.clear();
                if (!resumed) {
                    // The resume was the loop's first work: its tasks are now re-published and its journals open.
                    resumed = true;
                    if (resuming > 0) {
                        log.info("resumed {} unfinished job(s) {} ms after the coordinator's start", resuming,
                                (lastFlush - startNanos) / 1_000_000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Storage or broker failed under us: stop consuming; unacked messages come back to the next coordinator.
            fatal = e;
            log.error("coordinator stopping: {}", e.toString(), e);
            subscriptions.forEach(Subscription::close);
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until the coordinator stops; returns the failure that stopped it, if any. */
    public Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return fatal;
    }

    public List<JobRecord> jobs() {
        return store.loadAll();
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        timer.shutdownNow();
        running = false;
        inbox.add(new Work(() -> { }, null)); // wakes the loop now rather than at its next poll timeout
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        if (ownsObservability) observability.close();
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
