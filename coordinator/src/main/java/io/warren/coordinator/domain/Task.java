package io.warren.coordinator.domain;

import io.warren.protocol.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One map or reduce task of a job, and every attempt and run of it. Events arrive late, twice, or from attempts that
 * were already replaced; each verb below says what it does with those. A task in progress is RUNNING while at least
 * one run is alive and DISPATCHED while none is: {@link #settle} alone decides which, from the runs, so the verbs never
 * set either themselves. Every change goes through one of a few mutators ({@link #moveTo},
 * and those of its {@link TaskAttempts}, {@link TaskRuns} and {@link TaskOutcome}), and only they tell the job's
 * {@link TaskTally} that the task changed, so the job saves and counts only what did change. A heartbeat without a new
 * status only moves its run's deadline: that is transient (a coordinator that takes over restarts every deadline), so
 * it marks nothing (docs/job-state.md). What the task reads as (its record, accessors, questions about its runs) is
 * {@link TaskParts}, its read side; this class holds its state and the verbs that change it.
 */
public final class Task extends TaskParts {
    public enum Retry { IGNORED, RETRY, GAVE_UP }

    /** Why an event of a parked task's replaced attempt counts for nothing. */
    private static final String PARKED = "the task was parked while its input is made again; it runs again with the new input";

    private TaskState state;
    private final TaskTally tally;

    /** A pending task of its own, outside any job. */
    Task(Phase phase, int number) {
        this(new TaskRecord(phase, number, TaskState.PENDING, 0, List.of(), 0, null, null, null, null, null,
                List.of(), List.of(), Map.of()), new TaskTally());
    }

    /** The task as {@code r} recorded it, accounted for in {@code tally}, its job's. */
    Task(TaskRecord r, TaskTally tally) {
        super(r, tally);
        this.state = r.state();
        this.tally = tally;
        tally.joined(this);
    }

    /**
     * The broker confirmed holding this attempt's message, and with it every earlier one (a coordinator publishes in
     * order and waits for each batch's confirms). It goes into the next save that happens anyway, as a note of a few
     * bytes ({@link JobChange#confirmed}) unless the task changed otherwise: if it is lost, a new coordinator only
     * publishes the attempt again, which is harmless.
     */
    void confirmed(int confirmedAttempt) {
        if (attempts.confirmed(confirmedAttempt)) tally.confirmed(this);
    }

    /** The first attempt goes out. */
    void dispatch(Instant now) {
        moveTo(TaskState.DISPATCHED);
        attempts.next(now);
    }

    /**
     * A worker began a run. If the same attempt was already running elsewhere, the broker has redelivered it, so that
     * worker is gone: its run is lost, and enough lost runs mark the task as poison. {@code inputBytes}: what the run
     * said it would read (a reduce's partition), or null.
     */
    Retry start(int eventAttempt, String eventWorker, Instant now, RetryPolicy policy, Long inputBytes) {
        if (tooLate(eventAttempt, eventWorker,
                (how, why) -> runs.add(new TaskRun(eventAttempt, eventWorker, now, now, now, how, why)))) {
            return Retry.IGNORED;
        }
        runs.endOpen(r -> r.attempt() == eventAttempt, now, TaskRun.Outcome.LOST,
                "the broker gave this attempt to " + eventWorker + ": this worker died or lost its connection");
        attempts.taken(eventAttempt);
        runs.add(new TaskRun(eventAttempt, eventWorker, now, now, null, TaskRun.Outcome.RUNNING, null, null, inputBytes));
        settle();
        RetryPolicy.GiveUp poison = policy.poisoned(runs);
        return poison == null ? Retry.IGNORED : giveUp(now, poison);
    }

    /**
     * A heartbeat of the run of {@code eventAttempt} on {@code eventWorker}, with the run's latest status message
     * (null: unchanged).
     *
     * @return true if that changed a run's status, which is worth saving so that followers show it; a heartbeat that
     *         only moves a run's deadline changes nothing worth saving
     */
    boolean heartbeat(int eventAttempt, String eventWorker, Instant now, String status) {
        return runs.beat(eventAttempt, eventWorker, now, status);
    }

    /**
     * Any run's success completes the task: its output is complete and durable, so it is as good as any other. But not
     * while the task is parked: a parked reduce's attempts were sent with map outputs that are being made again, so a
     * late completion of one is recorded and ignored, and the task runs again with the new outputs.
     *
     * The winning run's counters become the task's.
     *
     * @return true if this completion won; false for a duplicate or late report, which is expected and ignored
     */
    boolean complete(int eventAttempt, String eventWorker, Instant now, Map<String, Long> runCounters) {
        if (tooLate(eventAttempt, eventWorker, (how, why) -> runs.end(eventAttempt, eventWorker, now, how, why))) {
            return false;
        }
        moveTo(TaskState.SUCCEEDED);
        runs.end(eventAttempt, eventWorker, now, TaskRun.Outcome.SUCCEEDED, null);
        runs.endOpen(r -> true, now, TaskRun.Outcome.SUPERSEDED, "another run finished first");
        attempts.dropQueued();
        outcome.won(eventWorker, now, runCounters);
        return true;
    }

    /** The run of {@code eventAttempt} on {@code eventWorker} may commit this reduce's output, and no other run may. */
    void grantCommit(int eventAttempt, String eventWorker) {
        outcome.granted(new CommitGrant(eventAttempt, eventWorker));
    }

    /**
     * The run of {@code eventAttempt} on {@code eventWorker} may not commit: another run holds the grant. It discards
     * its output and ends; the holder's run is alive, so the task stays RUNNING.
     */
    void commitDenied(int eventAttempt, String eventWorker, String why, Instant now) {
        runs.endOpen(r -> r.attempt() == eventAttempt && r.worker().equals(eventWorker), now,
                TaskRun.Outcome.SUPERSEDED, why);
        settle();
    }

    /**
     * A succeeded map task's output turned out to be unreadable (a reduce found it missing, truncated or corrupt): make
     * it again, as the MapReduce paper re-executes the completed maps of a lost worker.
     */
    void redo(String why, Instant now) {
        moveTo(TaskState.DISPATCHED);
        outcome.redone(why);
        attempts.next(now);
    }

    /** A reduce task's input is being made again: stop its runs and wait for the maps, without using an attempt. */
    void park(String why, Instant now) {
        if (!state.isInProgress()) return;
        runs.endOpen(r -> true, now, TaskRun.Outcome.SUPERSEDED, why);
        attempts.dropQueued();
        moveTo(TaskState.PARKED);
    }

    /** A parked task goes out again. */
    void redispatch(Instant now) {
        moveTo(TaskState.DISPATCHED);
        attempts.next(now);
    }

    /**
     * A run's user code threw. Another attempt follows unless one is still alive or queued, or attempts are used up. A
     * parked task's attempts were all replaced, so a late failure of one is recorded and retries nothing.
     */
    Retry fail(int eventAttempt, String eventWorker, String why, String detail, Instant now, RetryPolicy policy) {
        if (state.isTerminal()) return Retry.IGNORED;
        attempts.taken(eventAttempt);
        runs.end(eventAttempt, eventWorker, now, TaskRun.Outcome.FAILED, why);
        if (state == TaskState.PARKED) return Retry.IGNORED;
        outcome.failed(eventWorker, why, detail);
        return retryIfNothingLeft(now, policy);
    }

    /** Runs silent for longer than {@code timeout} are lost; if none is left alive, the task is tried again. */
    Retry expire(Instant now, Duration timeout, RetryPolicy policy) {
        if (state != TaskState.RUNNING) return Retry.IGNORED;
        String why = runs.expire(now, timeout);
        if (why == null) return Retry.IGNORED;
        outcome.expired(why);
        return retryIfNothingLeft(now, policy);
    }

    /**
     * Starts a backup attempt of a straggler, as the MapReduce paper does near the end of a phase: whichever run
     * finishes first wins. Only one backup at a time, and only while attempts are left.
     */
    boolean backup(Instant now, RetryPolicy policy) {
        if (state != TaskState.RUNNING || attempts.anyQueued() || runs.open() != 1
                || !policy.mayBackUp(attempts.current(), runs.lost(), runs.ended())) {
            return false;
        }
        attempts.backUp(now);
        return true;
    }

    /**
     * Restarts every run's deadline, for a coordinator that could not listen for a while. Transient, as a heartbeat's
     * deadline is: the next coordinator restarts them again, so nothing is marked to be saved.
     */
    void extendDeadline(Instant now) {
        runs.extendDeadlines(now);
    }

    private Retry retryIfNothingLeft(Instant now, RetryPolicy policy) {
        if (runs.open() > 0 || attempts.anyQueued()) { // another attempt is alive or on its way
            settle();
            return Retry.IGNORED;
        }
        RetryPolicy.GiveUp giveUp = policy.afterLastRun(this);
        if (giveUp != null) return giveUp(now, giveUp);
        attempts.next(now);
        settle();
        return Retry.RETRY;
    }

    /**
     * The one place that tells RUNNING from DISPATCHED, for a task in progress: RUNNING while any run is alive,
     * DISPATCHED while none is (an attempt waits on the queue or has just been taken).
     */
    private void settle() {
        if (!state.isInProgress()) return;
        TaskState now = runs.open() > 0 ? TaskState.RUNNING : TaskState.DISPATCHED;
        if (now != state) moveTo(now);
    }

    private Retry giveUp(Instant now, RetryPolicy.GiveUp why) {
        moveTo(TaskState.FAILED);
        outcome.gaveUp(why.why(), why.detail(), now);
        runs.endOpen(r -> true, now, TaskRun.Outcome.SUPERSEDED, "the task failed");
        attempts.dropQueued();
        return Retry.GAVE_UP;
    }

    /**
     * Whether a run's report comes too late to change this task, for {@link #start} and {@link #complete} alike. A
     * report of the run that won, seen again, is ignored: the broker hands a new coordinator the events its
     * predecessor had saved but not yet acknowledged when it died, and recording them again would add runs that never
     * happened. Any other report on a finished task is recorded through {@code record} as a DUPLICATE, and on a parked
     * one as SUPERSEDED: that attempt was replaced.
     *
     * @param record records the report's run with the outcome and reason given: a start adds it, a completion ends it
     * @return true if the report was dealt with here; false if the verb goes on
     */
    private boolean tooLate(int runAttempt, String runWorker, BiConsumer<TaskRun.Outcome, String> record) {
        if (state == TaskState.SUCCEEDED && runs.won(runAttempt, runWorker)) return true;
        if (state.isTerminal()) {
            record.accept(TaskRun.Outcome.DUPLICATE, null);
            return true;
        }
        if (state == TaskState.PARKED) {
            record.accept(TaskRun.Outcome.SUPERSEDED, PARKED);
            return true;
        }
        return false;
    }

    private void moveTo(TaskState next) {
        if (!state.canMoveTo(next, phase)) throw new IllegalTaskTransition(id(), state, next);
        changed();
        tally.moved(this, state, next);
        state = next;
    }

    @Override
    void changed() {
        tally.changed(this);
    }

    @Override
    public TaskState state() {
        return state;
    }
}
