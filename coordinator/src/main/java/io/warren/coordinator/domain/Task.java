package io.warren.coordinator.domain;

import io.warren.protocol.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One map or reduce task of a job, and every attempt at it. Events arrive late, twice, or from attempts that were
 * already replaced; each verb below says what it does with those, and every state change goes through
 * {@link #moveTo}.
 */
public final class Task {
    public enum Retry { IGNORED, RETRY, GAVE_UP }

    private final Phase phase;
    private final int number;
    private TaskState state;
    private int attempt;
    private String worker;
    private Instant dispatchedAt;
    private Instant startedAt;
    private Instant heartbeatAt;
    private Instant finishedAt;
    private String winner;
    private String error;
    private String errorDetail;
    private final List<TaskRun> runs;

    Task(Phase phase, int number) {
        this(new TaskRecord(phase, number, TaskState.PENDING, 0, null, null, null, null, null, null, null, null, List.of()));
    }

    Task(TaskRecord r) {
        this.phase = r.phase();
        this.number = r.number();
        this.state = r.state();
        this.attempt = r.attempt();
        this.worker = r.worker();
        this.dispatchedAt = r.dispatchedAt();
        this.startedAt = r.startedAt();
        this.heartbeatAt = r.heartbeatAt();
        this.finishedAt = r.finishedAt();
        this.winner = r.winner();
        this.error = r.error();
        this.errorDetail = r.errorDetail();
        this.runs = new ArrayList<>(r.runs());
    }

    public TaskRecord snapshot() {
        return new TaskRecord(phase, number, state, attempt, worker, dispatchedAt, startedAt, heartbeatAt, finishedAt,
                winner, error, errorDetail, List.copyOf(runs));
    }

    /** First attempt goes out. */
    int dispatch(Instant now) {
        moveTo(TaskState.DISPATCHED);
        attempt = 1;
        dispatchedAt = now;
        return attempt;
    }

    /** A worker began an attempt. Runs of replaced attempts are recorded but do not drive the deadline. */
    void start(int eventAttempt, String eventWorker, Instant now) {
        if (state.isTerminal()) {
            runs.add(new TaskRun(eventAttempt, eventWorker, now, now, TaskRun.Outcome.DUPLICATE, null));
            return;
        }
        // A redelivered attempt runs again elsewhere: the earlier run of it is over.
        endOpenRuns(eventAttempt, now, TaskRun.Outcome.SUPERSEDED, "the broker redelivered this attempt");
        runs.add(new TaskRun(eventAttempt, eventWorker, now, null, TaskRun.Outcome.RUNNING, null));
        if (eventAttempt != attempt) return;
        if (state == TaskState.DISPATCHED) moveTo(TaskState.RUNNING);
        worker = eventWorker;
        startedAt = now;
        heartbeatAt = now;
    }

    void heartbeat(int eventAttempt, String eventWorker, Instant now) {
        if (state == TaskState.RUNNING && eventAttempt == attempt && eventWorker.equals(worker)) heartbeatAt = now;
    }

    /** Restarts the heartbeat deadline, for a coordinator that could not listen for a while. */
    void extendDeadline(Instant now) {
        if (state == TaskState.RUNNING) heartbeatAt = now;
    }

    /**
     * Any attempt's success completes the task: its output is complete and durable, so it is as good as any other.
     *
     * @return true if this completion won; false for a duplicate or late report, which is expected and ignored
     */
    boolean complete(int eventAttempt, String eventWorker, Instant now) {
        if (state.isTerminal()) {
            endRun(eventAttempt, eventWorker, now, TaskRun.Outcome.DUPLICATE, null);
            return false;
        }
        moveTo(TaskState.SUCCEEDED);
        endRun(eventAttempt, eventWorker, now, TaskRun.Outcome.SUCCEEDED, null);
        endOpenRuns(-1, now, TaskRun.Outcome.SUPERSEDED, "another attempt finished first");
        winner = eventWorker;
        worker = eventWorker;
        finishedAt = now;
        return true;
    }

    /** The current attempt's user code threw: try again, or give up once {@code maxAttempts} are used. */
    Retry fail(int eventAttempt, String eventWorker, String why, String detail, Instant now, int maxAttempts) {
        if (state.isTerminal()) return Retry.IGNORED;
        endRun(eventAttempt, eventWorker, now, TaskRun.Outcome.FAILED, why);
        if (eventAttempt != attempt) return Retry.IGNORED; // a newer attempt is already on its way
        error = why;
        errorDetail = detail;
        return retryOrGiveUp(now, maxAttempts);
    }

    /** The current attempt went silent for longer than {@code timeout}: its worker is dead or hung. */
    Retry expire(Instant now, Duration timeout, int maxAttempts) {
        if (state != TaskState.RUNNING || !heartbeatAt.plus(timeout).isBefore(now)) return Retry.IGNORED;
        String why = "no heartbeat from worker " + worker + " for " + timeout.toMillis() + " ms";
        endOpenRuns(attempt, now, TaskRun.Outcome.TIMED_OUT, why);
        error = why;
        errorDetail = null;
        return retryOrGiveUp(now, maxAttempts);
    }

    private Retry retryOrGiveUp(Instant now, int maxAttempts) {
        if (attempt >= maxAttempts) {
            moveTo(TaskState.FAILED);
            finishedAt = now;
            return Retry.GAVE_UP;
        }
        moveTo(TaskState.DISPATCHED);
        attempt++;
        dispatchedAt = now;
        worker = null;
        heartbeatAt = null;
        return Retry.RETRY;
    }

    private void endRun(int runAttempt, String runWorker, Instant now, TaskRun.Outcome how, String why) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            TaskRun r = runs.get(i);
            if (r.attempt() == runAttempt && r.worker().equals(runWorker) && r.outcome() == TaskRun.Outcome.RUNNING) {
                runs.set(i, r.end(now, how, why));
                return;
            }
        }
        runs.add(new TaskRun(runAttempt, runWorker, null, now, how, why));
    }

    private void endOpenRuns(int runAttempt, Instant now, TaskRun.Outcome how, String why) {
        runs.replaceAll(r -> r.outcome() == TaskRun.Outcome.RUNNING && (runAttempt < 0 || r.attempt() == runAttempt)
                ? r.end(now, how, why) : r);
    }

    private void moveTo(TaskState next) {
        if (!state.canMoveTo(next)) throw new IllegalTaskTransition(id(), state, next);
        state = next;
    }

    public String id() {
        return phase.wireName() + "-" + number;
    }

    public Phase phase() {
        return phase;
    }

    public int number() {
        return number;
    }

    public TaskState state() {
        return state;
    }

    public int attempt() {
        return attempt;
    }

    public String winner() {
        return winner;
    }

    public String error() {
        return error;
    }

    public String errorDetail() {
        return errorDetail;
    }

    public List<TaskRun> runs() {
        return List.copyOf(runs);
    }
}
