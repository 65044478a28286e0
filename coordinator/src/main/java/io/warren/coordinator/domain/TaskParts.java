package io.warren.coordinator.domain;

import io.warren.protocol.Phase;

import java.util.List;
import java.util.Map;

/**
 * The read side of a {@link Task}: which task it is, and its attempts, runs and outcome, as its record, its accessors
 * and the questions asked of its runs see them. Nothing here changes a part: the parts change only through the verbs
 * of {@link Task}, its one subclass, which also owns the state and its moves. Split off so that the verbs and their
 * rules read on their own, as JobRunr's {@code Job} extends {@code AbstractJob}.
 */
abstract sealed class TaskParts permits Task {
    final Phase phase;
    final int number;
    final TaskAttempts attempts;
    final TaskRuns runs;
    final TaskOutcome outcome;

    /** The parts as {@code r} recorded them; each tells {@link #changed} when it changes. */
    TaskParts(TaskRecord r, TaskTally tally) {
        this.phase = r.phase();
        this.number = r.number();
        Runnable changed = this::changed; // one for the three parts: a job holds a hundred thousand tasks
        this.attempts = new TaskAttempts(r, changed);
        this.runs = new TaskRuns(r.runs(), changed);
        this.outcome = new TaskOutcome(r, changed, tally);
    }

    /** The one call that puts this task into its job's next save. */
    abstract void changed();

    public abstract TaskState state();

    public TaskRecord snapshot() {
        return new TaskRecord(phase, number, state(), attempts.current(), attempts.queued(), attempts.backups(),
                attempts.dispatchedAt(), outcome.finishedAt(), outcome.winner(), outcome.error(), outcome.errorDetail(),
                outcome.failedOn(), runs.list(), outcome.counters(), attempts.confirmedAttempt(), outcome.grant());
    }

    int confirmedAttempt() {
        return attempts.confirmedAttempt();
    }

    /** Whether the current attempt may never have reached the broker: its publish was not confirmed. */
    boolean unconfirmed() {
        return attempts.unconfirmed();
    }

    /** What its runs add up to (lost, failed, ended, the winner's time), for the policies that judge the task. */
    RunHistory history() {
        return runs;
    }

    /** Whether the run of {@code runAttempt} on {@code runWorker} is alive: started, and neither ended nor lost. */
    boolean isAlive(int runAttempt, String runWorker) {
        return runs.find(runAttempt, runWorker).map(TaskRun::isOpen).orElse(false);
    }

    /** Whether a run of {@code runAttempt} on {@code runWorker} was ever heard of. */
    boolean hasRun(int runAttempt, String runWorker) {
        return runs.find(runAttempt, runWorker).isPresent();
    }

    public String id() {
        return phase.taskId(number);
    }

    public Phase phase() {
        return phase;
    }

    public int number() {
        return number;
    }

    public int attempt() {
        return attempts.current();
    }

    public String winner() {
        return outcome.winner();
    }

    public String error() {
        return outcome.error();
    }

    public String errorDetail() {
        return outcome.errorDetail();
    }

    public Map<String, Long> counters() {
        return outcome.counters();
    }

    /** Workers whose run of this task threw; a retry prefers other workers. */
    public List<String> failedOn() {
        return outcome.failedOn();
    }

    public List<TaskRun> runs() {
        return runs.list();
    }

    /** The run that may commit this reduce's output, or null while none may. */
    public CommitGrant grant() {
        return outcome.grant();
    }
}
