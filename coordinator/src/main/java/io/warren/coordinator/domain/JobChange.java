package io.warren.coordinator.domain;

import io.warren.protocol.JobState;
import io.warren.protocol.Phase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one save of a job adds to what its store already holds: the job's own fields, which are few, each task that
 * changed since the last save, whole, and the confirms the broker gave since for tasks that did not otherwise change,
 * as runs of task numbers ({@code confirmed}). A store keeps them in order after the job's first whole record; replaying
 * them onto it ({@link JobReplay}) gives the job as it was at each save. A save therefore costs O(changed tasks),
 * whatever the job's size, and a confirm of a whole phase a few bytes.
 */
public record JobChange(String jobId, JobState state, Instant finishedAt, String error, String errorDetail,
                        List<TaskRecord> tasks, List<Confirmed> confirmed) {
    public JobChange {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        confirmed = confirmed == null ? List.of() : List.copyOf(confirmed);
    }

    /** The broker holds attempt {@code attempt} (and every earlier one) of tasks {@code first} to {@code last}. */
    public record Confirmed(Phase phase, int first, int last, int attempt) {
    }

    /** The confirms of {@code tasks}, as few runs of consecutive numbers with the same attempt as they make. */
    static List<Confirmed> runsOf(List<Task> tasks) {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(Task::phase).thenComparingInt(Task::number));
        List<Confirmed> runs = new ArrayList<>();
        for (Task t : sorted) {
            Confirmed last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.phase() == t.phase() && last.last() + 1 == t.number()
                    && last.attempt() == t.confirmedAttempt()) {
                runs.set(runs.size() - 1, new Confirmed(last.phase(), last.first(), t.number(), last.attempt()));
            } else {
                runs.add(new Confirmed(t.phase(), t.number(), t.number(), t.confirmedAttempt()));
            }
        }
        return runs;
    }
}
