package io.warren.coordinator.domain;

import io.warren.protocol.JobState;
import io.warren.protocol.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler tells observers (metrics, the status page's recent failures) as it decides. Called on the
 * scheduler's thread; an implementation must be quick and must not call back into the scheduler.
 */
public interface SchedulerListener {
    SchedulerListener NONE = new SchedulerListener() {
    };

    /** Attempts of tasks of this phase went onto the task queue: first attempts, retries and backups alike. */
    default void attemptsPublished(Phase phase, int count) {
    }

    /** An attempt failed: the user's code threw, the worker went silent, or its output turned out unreadable. */
    default void attemptFailed(AttemptFailure failure) {
    }

    /** A task succeeded; {@code took} is its winning run's time from start to completion. */
    default void taskSucceeded(Phase phase, Duration took, Map<String, Long> counters) {
    }

    /** A job ended in {@code state}, {@code took} after it was submitted. */
    default void jobFinished(JobState state, Duration took) {
    }

    /** The job was saved in this state, with this many tasks in each state; the last call for a job has a terminal state. */
    default void jobSaved(String jobId, JobState state, TaskCensus tasks) {
    }

    /**
     * One failed attempt.
     *
     * @param kind   {@code failed}, {@code timed-out} or {@code lost-output}
     * @param worker the worker it ran on, when known
     */
    record AttemptFailure(String jobId, Phase phase, int taskNumber, int attempt, String worker, String kind,
                          String reason, Instant at) {
        @com.fasterxml.jackson.annotation.JsonGetter("taskId")
        public String taskId() {
            return phase.taskId(taskNumber);
        }
    }

    static SchedulerListener all(List<SchedulerListener> listeners) {
        List<SchedulerListener> copy = List.copyOf(listeners);
        return new SchedulerListener() {
            @Override
            public void attemptsPublished(Phase phase, int count) {
                copy.forEach(l -> l.attemptsPublished(phase, count));
            }

            @Override
            public void attemptFailed(AttemptFailure failure) {
                copy.forEach(l -> l.attemptFailed(failure));
            }

            @Override
            public void taskSucceeded(Phase phase, Duration took, Map<String, Long> counters) {
                copy.forEach(l -> l.taskSucceeded(phase, took, counters));
            }

            @Override
            public void jobFinished(JobState state, Duration took) {
                copy.forEach(l -> l.jobFinished(state, took));
            }

            @Override
            public void jobSaved(String jobId, JobState state, TaskCensus tasks) {
                copy.forEach(l -> l.jobSaved(jobId, state, tasks));
            }
        };
    }
}
