package io.warren.coordinator.pipeline;

import io.warren.protocol.JobState;

/**
 * A pipeline's state: {@code RUNNING} while one of its steps runs, then one of the three ends a job has too.
 * {@code RUNNING -> SUCCEEDED | FAILED | CANCELLED}; a pipeline refused at submission is {@code FAILED} from the start.
 */
public enum PipelineState {
    RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this != RUNNING;
    }

    /** A pipeline ends once: only a running one moves, and only to an end. */
    public boolean canMoveTo(PipelineState next) {
        return this == RUNNING && next.isTerminal();
    }

    /** The job state a client sees in the pipeline's updates and answers: the same word for an ended pipeline. */
    public JobState asJobState() {
        return switch (this) {
            case RUNNING -> JobState.MAPPING;
            case SUCCEEDED -> JobState.SUCCEEDED;
            case FAILED -> JobState.FAILED;
            case CANCELLED -> JobState.CANCELLED;
        };
    }
}
