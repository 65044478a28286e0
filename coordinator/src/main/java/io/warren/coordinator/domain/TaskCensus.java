package io.warren.coordinator.domain;

import io.warren.protocol.Phase;

/** How many of a job's tasks are in each state, by phase: a copy of what the job keeps as its tasks move. */
public final class TaskCensus {
    private final int[][] counts;

    TaskCensus(int[][] counts) {
        this.counts = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) this.counts[i] = counts[i].clone();
    }

    public int count(Phase phase, TaskState state) {
        return counts[phase.ordinal()][state.ordinal()];
    }
}
