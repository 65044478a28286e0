package io.warren.coordinator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a task's runs add up to, read only, for the policies that judge the task: poison, and backups of stragglers. */
interface RunHistory {
    /** Runs that ended because their worker vanished, not because user code failed. */
    int lost();

    /** Runs whose user code threw. */
    int failed();

    /** Runs that ended for a reason of their own: their worker was lost, their code failed, or they won. */
    int ended();

    /** When the oldest open run started, if any runs. */
    Optional<Instant> runningSince();

    /** How long the winning run took, for straggler detection. */
    Optional<Duration> winningDuration();

    /** The runs in the order they began, read in place (not a copy): read them before the task changes again. */
    List<TaskRun> inOrder();
}
