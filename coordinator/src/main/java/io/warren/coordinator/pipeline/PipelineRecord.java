package io.warren.coordinator.pipeline;

import io.warren.protocol.JobSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline as the coordinator keeps it ({@code <workDir>/pipelines/<id>/pipeline.json}) and as {@code warren status}
 * and the status page read it. {@code steps} are in the order they run; {@code current} is the index of the step that
 * runs now (or ran last, once the pipeline has ended).
 */
public record PipelineRecord(String pipelineId, JobSpec spec, PipelineState state, List<StepRecord> steps, int current,
                             Instant submittedAt, Instant finishedAt, String error) {
    public PipelineRecord {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public StepRecord currentStep() {
        return steps.get(current);
    }

    /** Refused at submission: it failed before any step started. */
    public boolean refused() {
        return state == PipelineState.FAILED && steps.stream().allMatch(s -> s.startedAt() == null);
    }

    PipelineRecord withStep(int index, StepRecord step) {
        List<StepRecord> copy = new ArrayList<>(steps);
        copy.set(index, step);
        return new PipelineRecord(pipelineId, spec, state, copy, index, submittedAt, finishedAt, error);
    }

    /** Ends a running pipeline; a pipeline ends once ({@code RUNNING -> SUCCEEDED | FAILED | CANCELLED}). */
    PipelineRecord ended(PipelineState end, String reason, Instant at) {
        if (!state.canMoveTo(end)) {
            throw new IllegalStateException("pipeline " + pipelineId + " cannot move from " + state + " to " + end);
        }
        return new PipelineRecord(pipelineId, spec, end, steps, current, submittedAt, at, reason);
    }
}
