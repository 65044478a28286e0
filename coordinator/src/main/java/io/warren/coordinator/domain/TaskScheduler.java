package io.warren.coordinator.domain;

import io.warren.api.InvalidJobException;
import io.warren.protocol.Durations;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobIds;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Phase;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The coordinator's brain: accepts jobs, routes worker events and the clock's sweeps to the {@link Job} and
 * {@link Task} they concern, which decide what happens, and keeps the outbox of what must follow. Plain Java driven by
 * one thread; side effects are collected and carried out by {@link #flush()}, in the order that keeps a crash safe:
 * save job records, then publish tasks, then (the caller) acknowledge the inputs.
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

        public static Settings of(Duration taskTimeout, int maxAttempts) {
            return of(taskTimeout, maxAttempts, BackupPolicy.off());
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
    private final JobPlanner planner;
    private final TaskPublisher publisher;
    private final JobStore store;
    private final OutputCommitter committer;
    private final Consumer<JobUpdate> progress;
    private final SchedulerListener listener;
    private final Map<String, Job> active = new LinkedHashMap<>();
    private final Map<Job, String> dirty = new LinkedHashMap<>();
    /**
     * Jobs whose record could not be saved (the storage is full or failing): each has been failed in memory, its files
     * deleted, its followers told; its record is saved again at each flush, at most once a second, until it is.
     */
    private final UnsavedJobs unsaved;
    private final List<TaskMessage> outbox = new ArrayList<>();
    /** Judges lost runs against the fleet's background; fed with every run's end and every idle worker's death. */
    private final PoisonLedger poison;

    public TaskScheduler(Settings settings, Clock clock, JobPlanner planner, TaskPublisher publisher, JobStore store,
                         OutputCommitter committer, Consumer<JobUpdate> progress) {
        this(settings, clock, planner, publisher, store, committer, progress, SchedulerListener.NONE);
    }

    public TaskScheduler(Settings settings, Clock clock, JobPlanner planner, TaskPublisher publisher, JobStore store,
                         OutputCommitter committer, Consumer<JobUpdate> progress, SchedulerListener listener) {
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
        this.planner = planner;
        this.publisher = publisher;
        this.store = store;
        this.committer = committer;
        this.progress = progress;
        this.poison = new PoisonLedger(settings.retry());
        this.unsaved = new UnsavedJobs(store);
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
        if (existing.isPresent()) {
            if (Objects.equals(existing.get(), spec)) {
                log.info("job={} was already accepted; ignoring the repeated submission", spec.jobId());
                return spec.jobId();
            }
            throw new DuplicateJob(spec.jobId());
        }
        List<List<InputSplit>> splits;
        try {
            splits = planner.plan(spec);
        } catch (InvalidJobException e) {
            return refuse(spec, e.getMessage(), now);
        } catch (RuntimeException e) {
            // Whatever the spec did to the planner, it fails this job only, with a reason, and the coordinator goes on.
            return refuse(spec, "cannot plan the job: " + e, now);
        }
        if (splits.size() > settings.maxMapTasks()) {
            return refuse(spec, "the job would need " + splits.size() + " map tasks, more than the limit of "
                    + settings.maxMapTasks() + "; use a larger split size (--split-size) or fewer inputs", now);
        }
        Job job = Job.plan(spec, splits, now);
        try {
            committer.prepare(job.snapshot());
        } catch (RuntimeException e) {
            return refuse(spec, "cannot prepare the job's files: " + e.getMessage() + causeOf(e), now);
        }
        active.put(job.id(), job);
        log.info("job={} accepted: app={} maps={} reduces={}", job.id(), spec.appName(), job.maps().size(),
                job.reduces().size());
        send(job, job.start(now));
        markDirty(job, "accepted");
        return job.id();
    }

    private String refuse(JobSpec spec, String reason, Instant now) {
        // INFO, not WARN: the submitter's mistake, and the submitter is told; there is nothing for an operator to fix.
        log.info("job={} refused: {}", spec.jobId(), reason);
        markDirty(Job.rejected(spec, reason, now), "refused: " + reason);
        return spec.jobId();
    }

    /** Takes over jobs a previous coordinator left unfinished. */
    public void resume(List<JobRecord> records) {
        Instant now = clock.instant();
        for (JobRecord r : records) {
            if (r.state().isTerminal() || active.containsKey(r.jobId())) continue;
            Job job = Job.restore(r);
            active.put(job.id(), job);
            poison.restore(job, now);
            // A dispatched task whose publish the broker never confirmed may not have reached it before the crash:
            // send it again (a duplicate is harmless, but costs a run, so confirmed ones stay as they are). Running
            // ones get a fresh deadline, since their heartbeats could not be heard meanwhile.
            for (Task task : job.inFlight()) {
                if (task.state() != TaskState.DISPATCHED) task.extendDeadline(now);
                else if (task.unconfirmed()) send(job, List.of(task));
            }
            markDirty(job, "resumed");
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
            handle(job, task, event, now);
        } finally {
            poison.runsEnded(job, task, before, now);
        }
    }

    private void handle(Job job, Task task, WorkerEvent event, Instant now) {
        RetryPolicy retry = poison.policyFor(job, task, now);
        if (event instanceof WorkerEvent.TaskStarted e) {
            retry(job, task, task.start(e.attempt(), e.workerId(), now, retry), now);
        } else if (event instanceof WorkerEvent.TaskHeartbeat e) {
            if (task.heartbeat(e.attempt(), e.workerId(), now, e.status())) markDirty(job, null);
        } else if (event instanceof WorkerEvent.TaskCompleted e) {
            completed(job, task, e, now);
        } else if (event instanceof WorkerEvent.TaskFailed e && !e.lostMapOutputs().isEmpty()) {
            remakeMapOutputs(job, task, e, now);
        } else if (event instanceof WorkerEvent.TaskFailed e) {
            log.warn("job={} task={} attempt={} worker={} failed: {}", job.id(), task.id(), e.attempt(),
                    e.workerId(), e.error());
            if (!task.state().isTerminal()) {
                listener.attemptFailed(new SchedulerListener.AttemptFailure(job.id(), task.phase(), task.number(),
                        e.attempt(), e.workerId(), "failed", e.error(), now));
            }
            retry(job, task, task.fail(e.attempt(), e.workerId(), e.error(), e.detail(), now, retry), now);
        }
    }

    /** A reduce could not read some map outputs: {@link Job#remakeMapOutputs} decides what runs again. */
    private void remakeMapOutputs(Job job, Task reduce, WorkerEvent.TaskFailed e, Instant now) {
        if (reduce.state().isTerminal() || job.state().isTerminal()) return;
        log.warn("job={} task={} attempt={} worker={}: map output of {} unreadable, making it again: {}", job.id(),
                reduce.id(), e.attempt(), e.workerId(), e.lostMapOutputs(), e.error());
        listener.attemptFailed(new SchedulerListener.AttemptFailure(job.id(), reduce.phase(), reduce.number(),
                e.attempt(), e.workerId(), "lost-output", e.error(), now));
        Job.Remake remake = job.remakeMapOutputs(e.lostMapOutputs(), "its output was unreadable: " + e.error(),
                settings.retry(), now);
        send(job, remake.maps());
        if (remake.usedUp() != null) {
            retry(job, remake.usedUp(), Task.Retry.GAVE_UP, now);
            return;
        }
        outbox.removeIf(m -> m.jobId().equals(job.id()) && m.phase() == Phase.REDUCE);
        markDirty(job, null);
    }

    /**
     * Gives attempts that went silent to another worker, and starts backups of stragglers. Call it a few times per
     * task timeout.
     */
    public void sweep() {
        Instant now = clock.instant();
        for (Job job : List.copyOf(active.values())) {
            for (Task task : job.inFlight()) {
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
                    retry(job, task, retry, now);
                }
                if (job.state().isTerminal()) break;
            }
            if (job.state().isTerminal()) continue;
            for (Task straggler : job.backUpStragglers(settings.backups(), settings.retry(), now)) {
                log.info("job={} task={} attempt={}: backup of a straggler", job.id(), straggler.id(), straggler.attempt());
                send(job, List.of(straggler));
                markDirty(job, null);
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
        job.cancel(reason, clock.instant());
        outbox.removeIf(m -> m.jobId().equals(jobId));
        committer.abort(job.snapshot());
        log.info("job={} cancelled: {}", jobId, reason);
        markDirty(job, "cancelled: " + reason);
        return true;
    }

    private void completed(Job job, Task task, WorkerEvent.TaskCompleted e, Instant now) {
        boolean won = task.complete(e.attempt(), e.workerId(), now, e.counters());
        markDirty(job, null);
        if (!won) {
            log.debug("job={} task={} attempt={} worker={}: duplicate completion ignored", job.id(), task.id(),
                    e.attempt(), e.workerId());
            return;
        }
        task.runs().stream().filter(r -> r.outcome() == TaskRun.Outcome.SUCCEEDED && r.startedAt() != null).findFirst()
                .ifPresent(r -> listener.taskSucceeded(task.phase(), Duration.between(r.startedAt(), now), e.counters()));
        JobState phase = job.state();
        send(job, job.succeeded(task, now));
        if (job.state() != phase) {
            log.info("job={} map phase done in {} ms", job.id(), Duration.between(job.submittedAt(), now).toMillis());
            markDirty(job, "map phase done");
            listener.boundary(job.id(), SchedulerListener.Boundary.MAPS_DONE);
        } else if (task.phase() == Phase.REDUCE && job.outputComplete()) {
            try {
                committer.commit(job.snapshot());
            } catch (RuntimeException failure) {
                failJob(job, "cannot finish the job's output: " + failure.getMessage() + causeOf(failure), null, now);
                return;
            }
            listener.boundary(job.id(), SchedulerListener.Boundary.SUCCESS_WRITTEN);
            job.succeed(now);
            log.info("job={} succeeded in {} ms", job.id(), Duration.between(job.submittedAt(), now).toMillis());
            markDirty(job, "succeeded");
        } else if (task.phase() == Phase.REDUCE) {
            listener.boundary(job.id(), SchedulerListener.Boundary.REDUCE_COMMITTED);
        }
    }

    private void retry(Job job, Task task, Task.Retry retry, Instant now) {
        switch (retry) {
            case IGNORED -> { }
            case RETRY -> send(job, List.of(task));
            case GAVE_UP -> {
                if (job.state().isTerminal()) return;
                failJob(job, task.error(), task.errorDetail(), now);
            }
        }
        markDirty(job, null);
    }

    /** Fails a running job: its tasks stay unpublished, its files are deleted, and its end is saved and told. */
    private void failJob(Job job, String reason, String detail, Instant now) {
        log.error("job={} failed: {}", job.id(), reason);
        job.fail(reason, detail, now);
        outbox.removeIf(m -> m.jobId().equals(job.id()));
        committer.abort(job.snapshot());
        markDirty(job, "failed: " + reason);
    }

    /** The cause's own message, when the exception's message does not already end with it (IOExceptions say where). */
    private static String causeOf(RuntimeException e) {
        Throwable cause = e.getCause();
        if (cause == null || cause.getMessage() == null || String.valueOf(e.getMessage()).contains(cause.getMessage())) {
            return "";
        }
        return " (" + cause.getMessage() + ")";
    }

    /** Puts the latest attempt of each of {@code tasks} in the outbox. */
    private void send(Job job, List<Task> tasks) {
        for (Task task : tasks) outbox.add(job.message(task, settings.heartbeatInterval()));
    }

    private void markDirty(Job job, String message) {
        String previous = dirty.get(job);
        dirty.put(job, message != null ? message : previous != null ? previous : "");
    }

    /**
     * Carries out what the calls since the last flush decided: saves what changed in each changed job, publishes their
     * tasks, and tells followers. Finished jobs leave memory here; their records stay in the store.
     */
    public void flush() {
        Instant now = clock.instant();
        unsaved.retry(now);
        for (Job job : List.copyOf(dirty.keySet())) {
            if (!unsaved.contains(job) && !unsaved.save(job, now)) couldNotSave(job, now);
        }
        if (!outbox.isEmpty()) {
            publisher.publish(List.copyOf(outbox));
            confirmed(outbox);
            for (Phase phase : Phase.values()) {
                int n = (int) outbox.stream().filter(m -> m.phase() == phase).count();
                if (n > 0) listener.attemptsPublished(phase, n);
            }
            outbox.clear();
        }
        for (var entry : dirty.entrySet()) {
            Job job = entry.getKey();
            listener.jobSaved(job.id(), job.state(), job.census());
            progress.accept(job.update(entry.getValue(), now));
            if (job.state().isTerminal()) {
                // Refused jobs were never active; either way a job is flushed as ended once, since it leaves here.
                active.remove(job.id());
                listener.jobFinished(job.state(), Duration.between(job.submittedAt(), now));
            }
        }
        dirty.clear();
    }

    /** Notes that the broker holds these messages; the notes go into each job's next save, whichever causes it. */
    private void confirmed(List<TaskMessage> published) {
        for (TaskMessage m : published) {
            Job job = active.get(m.jobId());
            Task task = job == null ? null : job.task(m.phase(), m.taskNumber());
            if (task != null) task.confirmed(m.attempt());
        }
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
        failJob(job, "the coordinator cannot save the job's record: " + unsaved.lastError(job), null, now);
        // Deleting the job's files may have freed the space the record needs.
        if (unsaved.save(job, now)) log.info("job={} record saved once its files were deleted", job.id());
    }

    /** Jobs whose record waits to be saved again (the storage was full or failing). */
    public int unsavedJobs() {
        return unsaved.size();
    }

    public List<JobRecord> activeJobs() {
        return active.values().stream().map(Job::snapshot).toList();
    }
}
