package io.warren.coordinator.domain;

import io.warren.protocol.CommitAnswer;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import io.warren.protocol.WorkerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a worker's report about a task does: a start, a heartbeat, a reduce's request to commit (judged by the
 * {@link CommitGate}), a completion (which may finish a phase or the job), a failure (which may retry the task or end
 * the job), or a reduce's word that map outputs are unreadable (which makes them again). The task decides; this
 * carries the decision into the {@link Outbox} and {@link JobEnding}.
 */
final class TaskEvents {
    private static final Logger log = LoggerFactory.getLogger(TaskEvents.class);

    private final RetryPolicy retry;
    private final PoisonLedger poison;
    private final Outbox outbox;
    private final JobEnding ending;
    private final SchedulerListener listener;
    private final CommitGate gate;

    TaskEvents(RetryPolicy retry, PoisonLedger poison, Outbox outbox, JobEnding ending, SchedulerListener listener,
               CommitGate gate) {
        this.gate = gate;
        this.retry = retry;
        this.poison = poison;
        this.outbox = outbox;
        this.ending = ending;
        this.listener = listener;
    }

    void handle(Job job, Task task, WorkerEvent event, Instant now) {
        RetryPolicy policy = poison.policyFor(job, task, now);
        if (event instanceof WorkerEvent.TaskStarted e) {
            follow(job, task, task.start(e.attempt(), e.workerId(), now, policy, e.inputBytes()), now);
        } else if (event instanceof WorkerEvent.TaskHeartbeat e) {
            if (task.heartbeat(e.attempt(), e.workerId(), now, e.status())) outbox.changed(job);
        } else if (event instanceof WorkerEvent.TaskCompleted e) {
            if (e.startedAt() != null) {
                // A short run's start comes with its completion: the same two steps as when they come apart.
                Duration ran = Duration.between(e.startedAt(), e.at());
                Instant began = ran.isNegative() ? now : now.minus(ran);
                follow(job, task, task.start(e.attempt(), e.workerId(), began, policy, null), now);
            }
            completed(job, task, e, now);
        } else if (event instanceof WorkerEvent.CommitRequested e) {
            askedToCommit(job, task, e, policy, now);
        } else if (event instanceof WorkerEvent.TaskFailed e && !e.lostMapOutputs().isEmpty()) {
            remakeMapOutputs(job, task, e, now);
        } else if (event instanceof WorkerEvent.TaskFailed e) {
            log.warn("job={} task={} attempt={} worker={} failed: {}", job.id(), task.id(), e.attempt(),
                    e.workerId(), e.error());
            if (!task.state().isTerminal()) {
                listener.attemptFailed(new SchedulerListener.AttemptFailure(job.id(), task.phase(), task.number(),
                        e.attempt(), e.workerId(), "failed", e.error(), now));
            }
            // Bad input (a corrupt compressed file) reads the same on any worker: no attempt after this one.
            RetryPolicy retries = e.badInput() == null ? policy : new RetryPolicy(1, policy.lostRuns());
            follow(job, task, task.fail(e.attempt(), e.workerId(), e.error(), e.detail(), now, retries), now);
        }
    }

    /**
     * A reduce attempt wrote its output and asks to commit it: the {@link CommitGate} judges, and the answer goes out
     * after the flush that saves the grant. A request is also a sign of life: a run whose start was lost is recorded.
     */
    private void askedToCommit(Job job, Task task, WorkerEvent.CommitRequested e, RetryPolicy policy, Instant now) {
        if (task.state().isInProgress() && !task.hasRun(e.attempt(), e.workerId())) {
            follow(job, task, task.start(e.attempt(), e.workerId(), now, policy, null), now);
        }
        CommitGate.Judgement judgement = gate.judge(job, task, e.attempt(), e.workerId());
        switch (judgement.kind()) {
            case GRANT -> {
                if (task.grant() == null || !task.grant().holds(e.attempt(), e.workerId())) {
                    task.grantCommit(e.attempt(), e.workerId());
                    outbox.changed(job);
                }
                log.debug("job={} task={} attempt={} worker={}: commit granted", job.id(), task.id(), e.attempt(),
                        e.workerId());
                outbox.answer(job, CommitAnswer.granted(e));
            }
            case DENY -> deny(job, task, e, judgement.reason(), now);
            case ACCEPT_HOLDER -> {
                CommitGrant holder = judgement.holder();
                log.warn("job={} task={}: {}", job.id(), task.id(), judgement.reason());
                completed(job, task, new WorkerEvent.TaskCompleted(job.id(), Phase.REDUCE, task.number(),
                        holder.attempt(), holder.worker(), now, Map.of()), now);
                deny(job, task, e, judgement.reason(), now);
            }
            case UNDECIDED -> { } // the worker asks again, or gives up and hands the task back
        }
    }

    private void deny(Job job, Task task, WorkerEvent.CommitRequested e, String why, Instant now) {
        log.info("job={} task={} attempt={} worker={}: commit denied: {}", job.id(), task.id(), e.attempt(),
                e.workerId(), why);
        if (task.state().isInProgress()) task.commitDenied(e.attempt(), e.workerId(), "commit denied: " + why, now);
        outbox.changed(job);
        outbox.answer(job, CommitAnswer.denied(e, why));
    }

    /** A reduce could not read some map outputs: {@link Job#remakeMapOutputs} decides what runs again. */
    private void remakeMapOutputs(Job job, Task reduce, WorkerEvent.TaskFailed e, Instant now) {
        if (reduce.state().isTerminal() || job.state().isTerminal()) return;
        log.warn("job={} task={} attempt={} worker={}: map output of {} unreadable, making it again: {}", job.id(),
                reduce.id(), e.attempt(), e.workerId(), e.lostMapOutputs(), e.error());
        listener.attemptFailed(new SchedulerListener.AttemptFailure(job.id(), reduce.phase(), reduce.number(),
                e.attempt(), e.workerId(), "lost-output", e.error(), now));
        Job.Remake remake = job.remakeMapOutputs(e.lostMapOutputs(), "its output was unreadable: " + e.error(),
                retry, now);
        outbox.send(job, remake.maps());
        if (remake.usedUp() != null) {
            follow(job, remake.usedUp(), Task.Retry.GAVE_UP, now);
            return;
        }
        outbox.dropReduces(job);
        outbox.changed(job);
    }

    private void completed(Job job, Task task, WorkerEvent.TaskCompleted e, Instant now) {
        boolean won = task.complete(e.attempt(), e.workerId(), now, e.counters());
        outbox.changed(job);
        if (!won) {
            log.debug("job={} task={} attempt={} worker={}: duplicate completion ignored", job.id(), task.id(),
                    e.attempt(), e.workerId());
            return;
        }
        task.runs().stream().filter(r -> r.outcome() == TaskRun.Outcome.SUCCEEDED && r.startedAt() != null).findFirst()
                .ifPresent(r -> listener.taskSucceeded(task.phase(), Duration.between(r.startedAt(), now), e.counters()));
        JobState phase = job.state();
        outbox.send(job, job.succeeded(task, now));
        if (job.state() != phase) {
            log.info("job={} map phase done in {} ms", job.id(), Duration.between(job.submittedAt(), now).toMillis());
            outbox.changed(job, "map phase done");
        } else if (task.phase() == Phase.REDUCE && job.outputComplete()) {
            ending.end(job, JobEnding.Outcome.SUCCEEDED, null, null, now);
        }
    }

    /** Carries out a task's decision on its retry: publish its next attempt, or end its job. */
    void follow(Job job, Task task, Task.Retry decision, Instant now) {
        switch (decision) {
            case IGNORED -> { }
            case RETRY -> outbox.send(job, List.of(task));
            case GAVE_UP -> ending.end(job, JobEnding.Outcome.FAILED, task.error(), task.errorDetail(), now);
        }
        outbox.changed(job);
    }
}
