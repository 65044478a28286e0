package io.warren.coordinator.pipeline;

import io.warren.protocol.JobState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The moves of a pipeline's step and of a pipeline, as one table each. */
class StepMovesTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "step {0} -> {1}: {2}")
    @CsvSource(nullValues = "NONE", value = {
            "NONE, MAPPING, true", "NONE, REDUCING, false", "NONE, SUCCEEDED, false", "NONE, FAILED, false",
            "MAPPING, MAPPING, false", "MAPPING, REDUCING, true", "MAPPING, SUCCEEDED, true", "MAPPING, FAILED, true",
            "MAPPING, CANCELLED, true",
            "REDUCING, MAPPING, false", "REDUCING, REDUCING, false", "REDUCING, SUCCEEDED, true",
            "REDUCING, FAILED, true", "REDUCING, CANCELLED, true",
            "SUCCEEDED, FAILED, false", "FAILED, CANCELLED, false", "CANCELLED, MAPPING, false"})
    void aStepMovesAsItsJobDoes(JobState from, JobState next, boolean allowed) {
        assertThat(StepRecord.canMove(from, next)).isEqualTo(allowed);
        StepRecord step = new StepRecord("count", "p1.count", "out", false, from, null, null, null);
        if (allowed) {
            StepRecord moved = next == JobState.MAPPING ? step.started(AT)
                    : next.isTerminal() ? step.ended(next, null, AT) : step.heard(next);
            assertThat(moved.state()).isEqualTo(next);
        } else {
            assertThatThrownBy(() -> {
                if (next == JobState.MAPPING) step.started(AT);
                else if (next.isTerminal()) step.ended(next, null, AT);
                else step.heard(next);
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot move");
        }
    }

    @ParameterizedTest(name = "pipeline {0} -> {1}: {2}")
    @CsvSource({"RUNNING, RUNNING, false", "RUNNING, SUCCEEDED, true", "RUNNING, FAILED, true",
            "RUNNING, CANCELLED, true", "SUCCEEDED, FAILED, false", "FAILED, RUNNING, false",
            "CANCELLED, SUCCEEDED, false"})
    void aPipelineEndsOnce(PipelineState from, PipelineState next, boolean allowed) {
        assertThat(from.canMoveTo(next)).isEqualTo(allowed);
    }
}
