package io.warren.coordinator.domain;

import io.warren.protocol.CommitAnswer;
import io.warren.protocol.Durations;
import io.warren.protocol.JobIds;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.WorkerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The coordinator's brain: accepts jobs ({@link JobAdmission}), routes worker events and the clock's sweeps to the
 * {@link Job} and {@link Task} they concern, which decide what happens, ends jobs in one place ({@link JobEnding}),
 * and keeps the {@link Outbox} of what must follow. Plain Java driven by one thread; side effects are collected and
 * carried out by {@link #flush()}, in the order that keeps a crash safe: save job records, then publish tasks, then
 * (the caller) acknowledge the inputs.
 */
public final class TaskScheduler {
    private static final Logger log = LoggerFactory.getLogger(TaskScheduler.class);

    /**
     * @param taskTimeout       silence after which a running attempt counts as lost and is run again
     * @param heartbeatInterval how often workers report a running task; well below {@code taskTimeout}
     * @param retry             attempts per task before the job fails
     * @param backups           when stragglers get backup attempts
     * @param maxMapTasks       map tasks one job may have
     */
    public record Settings(Duration taskTimeout, Duration heartbeatInterval, RetryPolicy retry, BackupPolicy backups,
                           int maxMapTasks) {
        /** Map tasks one job may have; a job needing more is refused, so no job can exhaust the coordinator. */
        public static final int DEFAULT_MAX_MAP_TASKS = 100_000;

        public Settings {
            if (taskTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("taskTimeout must be positive, got " + Durations.format(taskTimeout));
            }
            if (maxMapTasks < 1) throw new IllegalArgumentException("maxMapTasks must be >= 1, got " + maxMapTasks);
            if (heartbeatInterval.compareTo(taskTimeout) >= 0) {
                throw new IllegalArgumentException("heartbeatInterval " + Durations.format(heartbeatInterval)
                        + " must be shorter than taskTimeout " + Durations.format(taskTimeout));
            }
        }

        /** Heartbeats four times per timeout, so one or two lost heartbeats never kill a healthy task. */
        public static Settings of(Duration taskTimeout, int maxAttempts, BackupPolicy backups) {
            return new Settings(taskTimeout, Duration.ofMillis(Math.max(1, taskTimeout.toMillis() / 4)),
                    new RetryPolicy(maxAttempts), backups, DEFAULT_MAX_MAP_TASKS);
        }
    }

    /** A job id that is taken by a different job. */
    public static final class DuplicateJob extends RuntimeException {
        DuplicateJob(String jobId) {
            super("job id " + jobId + " is already taken by another job; choose a new id or leave it out");
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final JobStore store;
    private final SchedulerListener listener;
    private final Map<String, Job> active = new LinkedHashMap<>();
    private final JobAdmission admission;
    private final Outbox outbox;
    private final JobEnding ending;
    /** Judges lost runs against the fleet's background; fed with every run's end and every idle worker's death. */
    private final PoisonLedger poison;
    private final TaskEvents events;

    public TaskScheduler(Settings settings, Clock clock, JobPlanner planner, TaskPublisher publisher, JobStore store,
                         OutputCommitter committer, Consumer<JobUpdate> progress,
                         Consumer<CommitAnswer> commitAnswers) {
        this(settings, clock, planner, publisher, store, committer, progress, commitAnswers, SchedulerListener.NONE);
    }

    /** @param commitAnswers where answers to commit requests go, once the grants they tell of are saved */
    public TaskScheduler(Settings settings, Clock clock, JobPlanner planner, TaskPublisher publisher, JobStore store,
                         OutputCommitter committer, Consumer<JobUpdate> progress, Consumer<CommitAnswer> commitAnswers,
                         SchedulerListener listener) {
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.admission = new JobAdmission(planner, committer, settings.maxMapTasks());
        this.outbox = new Outbox(publisher, store, progress, commitAnswers, listener, settings.heartbeatInterval());
        this.ending = new JobEnding(committer, outbox);
        this.poison = new PoisonLedger(settings.retry());
        this.events = new TaskEvents(settings.retry(), poison, outbox, ending, listener, new CommitGate(committer));
    }

    /**
     * Accepts a submitted job: plans and dispatches its map tasks, or records it as failed with the reason. A spec
     * that was already accepted (the broker redelivered it) is ignored.
     *
     * @return the job's id
     * @throws DuplicateJob if the id belongs to a different job
     */
    public String submit(JobSpec submitted) {
        Instant now = clock.instant();
        JobSpec spec = submitted.jobId() == null ? submitted.withJobId(JobIds.generate(clock)) : submitted;
        try (MDC.MDCCloseable ignored = MDC.putCloseable("job", spec.jobId())) {
            return accept(spec, now);
        }
    }

    private String accept(JobSpec spec, Instant now) {
        Job live = active.get(spec.jobId());
        Optional<JobSpec> existing = live != null ? Optional.of(live.spec()) : store.load(spec.jobId()).map(JobRecord::spec);
        Optional<Job> admitted = admission.admit(spec, existing, now);
        if (admitted.isEmpty()) return spec.jobId();
        Job job = admitted.get();
        if (job.state().isTerminal()) {
            outbox.changed(job, "refused: " + job.error());
            return job.id();
        }
        active.put(job.id(), job);
        outbox.send(job, job.start(now));
        outbox.changed(job, "accepted");
        return job.id();
    }

    /**
     * Takes over jobs a previous coordinator left unfinished; a job an older term had decided to end (by job id) is
     * ended so, not run on: that term may be deleting or committing its output (docs/fencing.md, "Ending a job").
     * {@code restore} builds each job from its record ({@link JobStore#restore}).
     */
    public void resume(List<JobRecord> records, Map<String, JobEnd> decided, Function<JobRecord, Job> restore) {
        Instant now = clock.instant();
        for (JobRecord r : records) {
            if (r.state().isTerminal() || active.containsKey(r.jobId())) continue;
            Job job = restore.apply(r);
            active.put(job.id(), job);
            JobEnd end = decided.get(job.id());
            if (end != null) {
                ending.adopt(job, end, now);
                if (job.state().isTerminal()) continue;
            }
            poison.restore(job, now);
            // A dispatched task whose publish the broker never confirmed may not have reached it before the crash:
            // send it again (a duplicate is harmless, but costs a run, so confirmed ones stay as they are). Running
            // ones get a fresh deadline, since their heartbeats could not be heard meanwhile.
            for (Task task : job.inFlight()) {
                if (task.state() != TaskState.DISPATCHED) task.extendDeadline(now);
                else if (task.unconfirmed()) outbox.send(job, List.of(task));
            }
            outbox.changed(job, "resumed");
        }
    }

    public void on(WorkerEvent event) {
        MDC.put("job", event.jobId());
        MDC.put("task", event.phase().taskId(event.taskNumber()));
        MDC.put("attempt", Integer.toString(event.attempt()));
        MDC.put("worker", event.workerId());
        try {
            handle(event);
        } finally {
            MDC.clear();
        }
    }

    private void handle(WorkerEvent event) {
        Job job = active.get(event.jobId());
        if (job == null) {
            log.debug("job={} is not active; ignoring {} from worker={}", event.jobId(), event.getClass().getSimpleName(),
                    event.workerId());
            return;
        }
        Task task = job.task(event.phase(), event.taskNumber());
        if (task == null) {
            log.warn("job={} has no task {}-{}; ignoring an event from worker={}", job.id(), event.phase().wireName(),
                    event.taskNumber(), event.workerId());
            return;
        }
        Instant now = clock.instant();
        PoisonLedger.Counts before = PoisonLedger.Counts.of(task);
        try {
            events.handle(job, task, event, now);
        } finally {
            poison.runsEnded(job, task, before, now);
        }
    }

    /**
     * Gives attempts that went silent to another worker, and starts backups of stragglers. Call it a few times per
     * task timeout.
     */
    public void sweep() {
        Instant now = clock.instant();
        for (Job job : List.copyOf(active.values())) {
            for (Task task : job.running()) { // only a running task's runs can fall silent
                PoisonLedger.Counts before = PoisonLedger.Counts.of(task);
                Task.Retry retry = task.expire(now, settings.taskTimeout(), poison.policyFor(job, task, now));
                poison.runsEnded(job, task, before, now);
                if (retry != Task.Retry.IGNORED || task.state().isTerminal()) {
                    log.warn("job={} task={} attempt={} timed out: {}", job.id(), task.id(), task.attempt(), task.error());
                    for (TaskRun run : task.runs()) {
                        if (run.outcome() == TaskRun.Outcome.TIMED_OUT && now.equals(run.endedAt())) {
                            listener.attemptFailed(new SchedulerListener.AttemptFailure(job.id(), task.phase(),
                                    task.number(), run.attempt(), run.worker(), "timed-out", task.error(), now));
                        }
                    }
                    events.follow(job, task, retry, now);
                }
                if (job.state().isTerminal()) break;
            }
            if (job.state().isTerminal()) continue;
            for (Task straggler : job.backUpStragglers(settings.backups(), settings.retry(), now)) {
                log.info("job={} task={} attempt={}: backup of a straggler", job.id(), straggler.id(), straggler.attempt());
                outbox.send(job, List.of(straggler));
                outbox.changed(job);
            }
        }
    }

    /** These workers fell silent while their last beacon said they ran nothing; see {@link PoisonLedger#workersDied}. */
    public void workersDied(List<String> workerIds) {
        poison.workersDied(active.values(), workerIds, clock.instant());
    }

    /**
     * Cancels a job: its queued tasks are dropped by the workers that receive them, running ones are abandoned at
     * their next heartbeat (both notice that the job's intermediate directory is gone), and its files are deleted.
     *
     * @return false if there is no such active job
     */
    public boolean cancel(String jobId, String reason) {
        Job job = active.get(jobId);
        if (job == null || job.state().isTerminal()) {
            // A job that ended in this batch is still here until the flush: its end stands.
            log.info("job={} is not running; nothing to cancel", jobId);
            return false;
        }
        ending.end(job, JobEnding.Outcome.CANCELLED, reason, null, clock.instant());
        return true;
    }

    /**
     * Carries out what the calls since the last flush decided: saves what changed in each changed job, publishes their
     * tasks, and tells followers. Finished jobs leave memory here; their records stay in the store.
     */
    public void flush() {
        Instant now = clock.instant();
        for (Job ended : outbox.flush(now, job -> couldNotSave(job, now))) active.remove(ended.id());
    }

    /**
     * A job's record could not be saved: the storage is full or failing. The coordinator goes on: the job fails with
     * the reason (a job that cannot be recorded cannot be resumed), its files are deleted (which may free the space),
     * its followers are told now, and its record is saved again at each flush until it is. Its tasks are not
     * published. If this coordinator dies before the record is saved, the next one resumes the job from its last
     * saved state, which is safe: everything after it was told to no one but this job's followers.
     */
    private void couldNotSave(Job job, Instant now) {
        if (job.state().isTerminal()) return;
        ending.end(job, JobEnding.Outcome.FAILED, "the coordinator cannot save the job's record: "
                + outbox.saveError(job), null, now);
        // Deleting the job's files may have freed the space the record needs.
        if (outbox.saveAgain(job, now)) log.info("job={} record saved once its files were deleted", job.id());
    }

    public List<JobRecord> activeJobs() {
        return active.values().stream().map(Job::snapshot).toList();
    }
}
