package io.warren.coordinator;

import io.warren.broker.port.Broker;
import io.warren.broker.port.Delivery;
import io.warren.broker.port.Subscription;
import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.EndClaims;
import io.warren.coordinator.domain.FencedCommitter;
import io.warren.coordinator.domain.JobEnd;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.domain.TaskScheduler;
import io.warren.coordinator.domain.Term;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineRunner;
import io.warren.coordinator.pipeline.PipelineStore;
import io.warren.coordinator.pipeline.StepJobs;
import io.warren.coordinator.storage.FileJobPlanner;
import io.warren.coordinator.storage.StateStores;
import io.warren.coordinator.storage.FileOutputCommitter;
import io.warren.protocol.Durations;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.apps.AppCatalog;
import io.warren.storage.JobJars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator: consumes job specs, worker events and control commands from the broker and feeds them, one at a
 * time, to a {@link TaskScheduler} (and the {@link PipelineRunner}) on the single thread of a {@link BatchLoop}, which
 * acknowledges them only once their effects are saved. Which process coordinates is decided by {@link ActiveStandby}.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final int EVENT_PREFETCH = 500;
    private static final int JOB_PREFETCH = 16;

    private final CoordinatorConfig config;
    private final Broker broker;
    private final Clock clock;
    private final Observability observability;
    /** Whether this coordinator made {@link #observability} itself, and so closes it. */
    private final boolean ownsObservability;
    private final JobStore store;
    /** This coordinator's term, claimed as it is made: the one that is made last coordinates (docs/fencing.md). */
    private final Term term;
    /** Each term's word on how a job ends: read when jobs are taken over, written before output is touched. */
    private final EndClaims ends;
    private final TaskScheduler scheduler;
    private final PipelineStore pipelineStore;
    private final PipelineRunner pipelines;
    private final CommandAnswers commands;
    private final AdmissionTimes admissions;
    private final BatchLoop loop = new BatchLoop(this::flush, this::unsubscribe);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "deadline-sweeper"));
    private final List<Subscription> subscriptions = new ArrayList<>();
    /** When {@link #start} began, and how many unfinished jobs it found: the first flush reports the recovery time. */
    private volatile long startNanos;
    private volatile int resuming;
    /** How long reading the jobs and rebuilding them took, for the line that says the coordinator resumed them. */
    private volatile long readNanos;
    private long rebuildNanos;
    private boolean resumed;

    /** How a coordinator process names itself: its broker connection, its lease and its answers. */
    public static String processName() {
        return "warren-coordinator-" + ProcessHandle.current().pid();
    }

    /** A coordinator of its own, with its own observability and its job records in the file store. */
    public Coordinator(CoordinatorConfig config, Broker broker, Clock clock) {
        this(config, broker, clock, new Observability(clock), true, StateStores.jobs(config.layout()));
    }

    /**
     * A coordinator that reports to the process's {@code observability}, which outlives it, and keeps its job records
     * in {@code store}, which it closes when it closes.
     */
    public Coordinator(CoordinatorConfig config, Broker broker, Clock clock, Observability observability, JobStore store) {
        this(config, broker, clock, observability, false, store);
    }

    private Coordinator(CoordinatorConfig config, Broker broker, Clock clock, Observability observability, boolean owned,
                        JobStore store) {
        this.observability = observability;
        this.ownsObservability = owned;
        this.config = config;
        this.broker = broker;
        this.clock = clock;
        this.store = store;
        this.admissions = new AdmissionTimes(observability.metrics());
        this.term = Term.begin(StateStores.epochs(config.layout()));
        this.ends = StateStores.ends(config.layout());
        FileJobPlanner planner = new FileJobPlanner(config.layout(), new AppCatalog(JobJars.under(config.layout())),
                config.confined(), config.splitSize());
        this.scheduler = new TaskScheduler(
                TaskScheduler.Settings.of(config.taskTimeout(), config.maxAttempts(), config.backups()), clock, planner,
                this::publishTasks, store,
                new FencedCommitter(new FileOutputCommitter(config.layout(), config.confined()), term, ends), this::jobProgress,
                broker.commits()::answer, observability.listener());
        this.pipelineStore = new FencedPipelineStore(StateStores.pipelines(config.layout()), term);
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
        this.commands = new CommandAnswers(broker, store, scheduler, pipelines, clock, processName());
    }

    /** A job's progress goes to its followers, and to the pipeline it is a step of, if any. */
    private void jobProgress(JobUpdate update) {
        broker.progress().publish(update);
        pipelines.onJobUpdate(update);
    }

    public void start() {
        startNanos = System.nanoTime();
        List<JobRecord> onRecord = store.recover(term);
        observability.metrics().history(onRecord);
        List<JobRecord> unfinished = onRecord.stream().filter(j -> !j.state().isTerminal()).toList();
        resuming = unfinished.size();
        readNanos = System.nanoTime() - startNanos;
        if (!unfinished.isEmpty()) {
            log.info("resuming {} unfinished job(s), read from storage in {} ms", unfinished.size(), readNanos / 1_000_000);
        }
        Map<String, JobEnd> decided = new HashMap<>();
        for (JobRecord job : unfinished) {
            ends.takeOver(job.jobId(), term.epoch()).ifPresent(end -> decided.put(job.jobId(), end));
        }
        List<PipelineRecord> pipelinesOnRecord = pipelineStore.loadAll();
        loop.add(() -> {
            long rebuild = System.nanoTime();
            scheduler.resume(unfinished, decided, store::restore);
            pipelines.resume(pipelinesOnRecord); // after the jobs: a pipeline looks at its step's job
            rebuildNanos = System.nanoTime() - rebuild;
        }, null);
        loop.start();
        subscriptions.add(broker.events().subscribe(EVENT_PREFETCH, d -> loop.add(() -> scheduler.on(d.message()), d)));
        subscriptions.add(broker.jobs().subscribe(JOB_PREFETCH, d -> {
            long arrived = System.nanoTime();
            loop.add(() -> onJob(d, arrived), d);
        }));
        subscriptions.add(broker.control().subscribe(JOB_PREFETCH, d -> loop.add(() -> commands.on(d.message()), d)));
        long sweepMillis = Math.max(50, Math.min(1_000, config.taskTimeout().toMillis() / 4));
        timer.scheduleWithFixedDelay(() -> loop.add(() -> {
            scheduler.workersDied(observability.workers().takeDiedIdle());
            scheduler.sweep();
        }, null), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        if (!config.keepHistory().isZero()) {
            HistoryPruning pruning = new HistoryPruning(store, ends, pipelineStore, observability.metrics(), clock,
                    config.keepHistory());
            // At once from the records just read, then from the store every tenth of the age (at most hourly).
            loop.add(() -> pruning.prune(onRecord), null);
            long pruneMillis = Math.max(1_000, Math.min(3_600_000, config.keepHistory().toMillis() / 10));
            timer.scheduleWithFixedDelay(() -> loop.add(() -> pruning.prune(store.loadAll()), null),
                    pruneMillis, pruneMillis, TimeUnit.MILLISECONDS);
        }
        BackupPolicy backups = config.backups();
        log.info("coordinator started: term={} storage={} taskTimeout={} maxAttempts={} backups={} keepHistory={}",
                term.epoch(), config.layout().rootName(), Durations.format(config.taskTimeout()), config.maxAttempts(),
                backups.enabled() ? "on (slowness " + backups.slowness() + ", minRuntime "
                        + Durations.format(backups.minRuntime()) + ")" : "off",
                config.keepHistory().isZero() ? "forever" : Durations.format(config.keepHistory()));
    }

    /** Whether the loop is running: this process coordinates. */
    public boolean isActive() {
        return loop.isRunning();
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
            admissions.admitted(delivery.message().jobId(), arrivedNanos, System.nanoTime() - start);
        } catch (TaskScheduler.DuplicateJob | PipelineRunner.DuplicateId e) {
            // The id belongs to another job, whose record and followers must not hear of this: tell this submitter only.
            JobSpec spec = delivery.message();
            broker.progress().refuse(spec, new JobUpdate(spec.jobId(), JobState.FAILED, 0, 0, 0, 0,
                    "refused: " + e.getMessage(), clock.instant()));
            delivery.deadLetter(e.getMessage());
            throw new BatchLoop.Settled();
        }
    }

    /** The batch's effects: saved and published, then the next pipeline steps, then the commands' answers. */
    private void flush() {
        long flushStart = System.nanoTime();
        // One lookup per batch, not per write: what a deposed term appends meanwhile lies past its journal segment's
        // range once the newer term has fenced the journal, and commits and snapshots ask again (docs/fencing.md).
        term.check();
        scheduler.flush();
        // A step that ended starts the next (or ends its pipeline); what that submits is saved and sent now.
        while (pipelines.advance()) scheduler.flush();
        commands.answer();
        long flushEnd = System.nanoTime();
        admissions.flushed(flushStart, flushEnd);
        if (!resumed) {
            // The resume was the loop's first work: its tasks are now re-published and its journals open.
            resumed = true;
            if (resuming > 0) {
                log.info("resumed {} unfinished job(s) {} ms after the coordinator's start (reading them {} ms,"
                                + " rebuilding them {} ms, first flush {} ms)", resuming, (flushEnd - startNanos) / 1_000_000,
                        readNanos / 1_000_000, rebuildNanos / 1_000_000, (flushEnd - flushStart) / 1_000_000);
            }
        }
    }

    /** Sends the tasks as this term's, so a worker's log says which coordinator sent each. */
    private void publishTasks(List<TaskMessage> messages) {
        admissions.publishing();
        long epoch = term.epoch();
        broker.tasks().publish(messages.stream().map(m -> m.withEpoch(epoch)).toList());
    }

    private void unsubscribe() {
        subscriptions.forEach(Subscription::close);
    }

    /** Blocks until the coordinator stops; returns the failure that stopped it, if any. */
    public Throwable awaitStop() throws InterruptedException {
        return loop.awaitStop();
    }

    @Override
    public void close() {
        unsubscribe();
        timer.shutdownNow();
        loop.stop();
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the job store failed: {}", e.toString());
            }
        }
        if (ownsObservability) observability.close();
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
