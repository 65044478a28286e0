package io.warren.coordinator.domain;

import io.warren.protocol.Phase;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job's running account of its tasks, kept up to date by the tasks themselves as they change, so that saving and
 * reporting a job costs O(changes) rather than O(tasks): which tasks changed since the job was last saved, how many
 * tasks are in each state, which tasks are in progress and which of those run (so the sweep looks only at those), and the sum of the tasks'
 * counters (only a succeeded task has any: its winning run's).
 */
final class TaskTally {
    private static final Comparator<Task> BY_PHASE_AND_NUMBER =
            Comparator.comparing(Task::phase).thenComparingInt(Task::number);
    private final Set<Task> changed = new LinkedHashSet<>();
    /** Tasks whose confirm the broker gave since the last save, changed or not. */
    private final Set<Task> confirmed = new LinkedHashSet<>();
    private final int[][] counts = new int[Phase.values().length][TaskState.values().length];
    /** The tasks in progress, maps first, each phase by number. */
    private final Set<Task> inProgress = new TreeSet<>(BY_PHASE_AND_NUMBER);
    /** The tasks RUNNING, the only ones a sweep can time out: a few per worker slot, however many are queued. */
    private final Set<Task> running = new TreeSet<>(BY_PHASE_AND_NUMBER);
    private final CounterSums counters = new CounterSums();

    /** A task of the job, as it is planned or restored. */
    void joined(Task task) {
        counts[task.phase().ordinal()][task.state().ordinal()]++;
        if (task.state().isInProgress()) inProgress.add(task);
        if (task.state() == TaskState.RUNNING) running.add(task);
        recounted(Map.of(), task.counters());
    }

    /** A task of the job, as it is replaced by a newer record of it (a followed copy of the job goes on). */
    void left(Task task) {
        counts[task.phase().ordinal()][task.state().ordinal()]--;
        inProgress.remove(task);
        running.remove(task);
        recounted(task.counters(), Map.of());
        changed.remove(task);
        confirmed.remove(task);
    }

    /** The task is about to change, or may have: it goes into the next save. */
    void changed(Task task) {
        changed.add(task);
    }

    void moved(Task task, TaskState from, TaskState to) {
        counts[task.phase().ordinal()][from.ordinal()]--;
        counts[task.phase().ordinal()][to.ordinal()]++;
        if (to.isInProgress()) inProgress.add(task);
        else inProgress.remove(task);
        if (to == TaskState.RUNNING) running.add(task);
        else running.remove(task);
    }

    void recounted(Map<String, Long> before, Map<String, Long> after) {
        counters.remove(before);
        counters.add(after);
    }

    /** The broker confirmed holding the task's latest attempt: a note for the next save. */
    void confirmed(Task task) {
        confirmed.add(task);
    }

    /** The tasks changed since the last {@link #saved()}, in the order they first changed. */
    List<Task> changedTasks() {
        return new ArrayList<>(changed);
    }

    /** The tasks confirmed since the last {@link #saved()} that did not change otherwise: their record is saved as is. */
    List<Task> confirmedOnly() {
        return confirmed.stream().filter(t -> !changed.contains(t)).toList();
    }

    void saved() {
        changed.clear();
        confirmed.clear();
    }

    int count(Phase phase, TaskState state) {
        return counts[phase.ordinal()][state.ordinal()];
    }

    /** The tasks in progress (DISPATCHED or RUNNING), maps first, each phase by number. */
    List<Task> inProgress() {
        return List.copyOf(inProgress);
    }

    /** The tasks RUNNING, maps first, each phase by number. */
    List<Task> running() {
        return List.copyOf(running);
    }

    TaskCensus census() {
        return new TaskCensus(counts);
    }

    /** The sum of every task's counters, by name. */
    Map<String, Long> counters() {
        return counters.sums();
    }
}
