package io.warren.coordinator.domain;

import io.warren.protocol.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A task's runs, in the order they began or were first heard of, and what they add up to: how many are open, were
 * lost, failed or ended for a reason of their own. Every change of the list goes through {@link #add} or
 * {@link #set}, which tell the task that it changed, except a heartbeat's or a takeover's new deadline, which is
 * transient (docs/job-state.md).
 */
final class TaskRuns implements RunHistory {
    private final List<TaskRun> runs;
    private final Runnable changed;

    TaskRuns(List<TaskRun> recorded, Runnable changed) {
        this.runs = new ArrayList<>(recorded);
        this.changed = changed;
    }

    void add(TaskRun run) {
        changed.run();
        runs.add(run);
    }

    private void set(int i, TaskRun run) {
        changed.run();
        runs.set(i, run);
    }

    /**
     * A heartbeat of the open run of {@code attempt} on {@code worker}: its deadline moves, and its status if
     * {@code status} is new.
     *
     * @return whether a run's status changed, which is worth saving
     */
    boolean beat(int attempt, String worker, Instant now, String status) {
        boolean changedStatus = false;
        for (int i = 0; i < runs.size(); i++) {
            TaskRun r = runs.get(i);
            if (r.isOpen() && r.attempt() == attempt && r.worker().equals(worker)) {
                boolean newStatus = status != null && !status.equals(r.status());
                if (newStatus) set(i, r.beat(now, status));
                else runs.set(i, r.beat(now, null)); // the deadline alone: transient
                changedStatus |= newStatus;
            }
        }
        return changedStatus;
    }

    /** Restarts every open run's deadline: transient, so not a change. */
    void extendDeadlines(Instant now) {
        runs.replaceAll(r -> r.isOpen() ? r.beat(now, null) : r);
    }

    /**
     * Ends the runs silent for longer than {@code timeout} as TIMED_OUT.
     *
     * @return why the last of them ended, or null if none did
     */
    String expire(Instant now, Duration timeout) {
        String why = null;
        for (int i = 0; i < runs.size(); i++) {
            TaskRun r = runs.get(i);
            if (r.isOpen() && r.heartbeatAt().plus(timeout).isBefore(now)) {
                why = "no heartbeat from worker " + r.worker() + " for " + Durations.format(timeout);
                set(i, r.end(now, TaskRun.Outcome.TIMED_OUT, why));
            }
        }
        return why;
    }

    /** Ends the open run of {@code attempt} on {@code worker}, or records one that ended unseen. */
    void end(int attempt, String worker, Instant now, TaskRun.Outcome how, String why) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            TaskRun r = runs.get(i);
            if (r.attempt() == attempt && r.worker().equals(worker) && r.isOpen()) {
                set(i, r.end(now, how, why));
                return;
            }
        }
        add(new TaskRun(attempt, worker, null, null, now, how, why));
    }

    void endOpen(Predicate<TaskRun> which, Instant now, TaskRun.Outcome how, String why) {
        for (int i = 0; i < runs.size(); i++) {
            TaskRun r = runs.get(i);
            if (r.isOpen() && which.test(r)) set(i, r.end(now, how, why));
        }
    }

    /** Whether the run of {@code attempt} on {@code worker} is the one that won. */
    boolean won(int attempt, String worker) {
        for (TaskRun r : runs) {
            if (r.outcome() == TaskRun.Outcome.SUCCEEDED && r.attempt() == attempt && r.worker().equals(worker)) {
                return true;
            }
        }
        return false;
    }

    /** The latest run of {@code attempt} on {@code worker}, if any. */
    Optional<TaskRun> find(int attempt, String worker) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            TaskRun r = runs.get(i);
            if (r.attempt() == attempt && r.worker().equals(worker)) return Optional.of(r);
        }
        return Optional.empty();
    }

    int open() {
        return (int) runs.stream().filter(TaskRun::isOpen).count();
    }

    @Override
    public int lost() {
        return (int) runs.stream().filter(r -> r.outcome() == TaskRun.Outcome.LOST
                || r.outcome() == TaskRun.Outcome.TIMED_OUT).count();
    }

    @Override
    public int failed() {
        return (int) runs.stream().filter(r -> r.outcome() == TaskRun.Outcome.FAILED).count();
    }

    @Override
    public int ended() {
        return (int) runs.stream().filter(r -> r.outcome() == TaskRun.Outcome.LOST
                || r.outcome() == TaskRun.Outcome.TIMED_OUT || r.outcome() == TaskRun.Outcome.FAILED
                || r.outcome() == TaskRun.Outcome.SUCCEEDED).count();
    }

    @Override
    public Optional<Instant> runningSince() {
        return runs.stream().filter(TaskRun::isOpen).map(TaskRun::startedAt).min(Instant::compareTo);
    }

    @Override
    public Optional<Duration> winningDuration() {
        return runs.stream().filter(r -> r.outcome() == TaskRun.Outcome.SUCCEEDED && r.startedAt() != null)
                .findFirst().map(r -> Duration.between(r.startedAt(), r.endedAt()));
    }

    List<TaskRun> list() {
        return List.copyOf(runs);
    }

    @Override
    public List<TaskRun> inOrder() {
        return Collections.unmodifiableList(runs);
    }
}
