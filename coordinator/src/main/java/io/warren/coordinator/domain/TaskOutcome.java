package io.warren.coordinator.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a task came to so far: the run that won it and that run's counters, or the last error; when it finished; the
 * workers its runs failed on; and the run granted a reduce's commit. Each change tells the task it changed, and a
 * change of counters tells the job's
 * {@link TaskTally}, which keeps their sum.
 */
final class TaskOutcome {
    private final Runnable changed;
    private final TaskTally tally;
    private Instant finishedAt;
    private String winner;
    private String error;
    private String errorDetail;
    private final List<String> failedOn;
    private Map<String, Long> counters;
    private CommitGrant grant;

    TaskOutcome(TaskRecord r, Runnable changed, TaskTally tally) {
        this.changed = changed;
        this.tally = tally;
        this.finishedAt = r.finishedAt();
        this.winner = r.winner();
        this.error = r.error();
        this.errorDetail = r.errorDetail();
        this.failedOn = new ArrayList<>(r.failedOn());
        this.counters = r.counters();
        this.grant = r.grant();
    }

    /** The run that may commit the task's output; it stays granted, so that the grant is never given twice. */
    void granted(CommitGrant next) {
        changed.run();
        grant = next;
    }

    CommitGrant grant() {
        return grant;
    }

    /** The run of {@code worker} won: its counters become the task's. */
    void won(String worker, Instant now, Map<String, Long> runCounters) {
        changed.run();
        winner = worker;
        finishedAt = now;
        setCounters(Map.copyOf(runCounters));
    }

    /** The task's output is made again: it has no winner or counters until a run wins again. */
    void redone(String why) {
        changed.run();
        winner = null;
        setCounters(Map.of());
        finishedAt = null;
        error = why;
    }

    /** A run on {@code worker} threw. */
    void failed(String worker, String why, String detail) {
        changed.run();
        error = why;
        errorDetail = detail;
        if (!failedOn.contains(worker)) failedOn.add(worker);
    }

    /** Runs went silent for too long. */
    void expired(String why) {
        changed.run();
        error = why;
        errorDetail = null;
    }

    /** The task failed for good; {@code detail} null keeps the last run's detail. */
    void gaveUp(String why, String detail, Instant now) {
        changed.run();
        error = why;
        if (detail != null) errorDetail = detail;
        finishedAt = now;
    }

    private void setCounters(Map<String, Long> next) {
        tally.recounted(counters, next);
        counters = next;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    String winner() {
        return winner;
    }

    String error() {
        return error;
    }

    String errorDetail() {
        return errorDetail;
    }

    List<String> failedOn() {
        return List.copyOf(failedOn);
    }

    Map<String, Long> counters() {
        return counters;
    }
}
