package io.warren.coordinator.domain;

import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskStateTest {

    /** Every move the lifecycle in docs/task-lifecycle.md draws, with the phase it applies to; nothing else is legal. */
    private static final List<String> LIFECYCLE = List.of(
            "MAP PENDING->DISPATCHED", "REDUCE PENDING->DISPATCHED",
            "MAP DISPATCHED->RUNNING", "REDUCE DISPATCHED->RUNNING",
            "MAP DISPATCHED->SUCCEEDED", "REDUCE DISPATCHED->SUCCEEDED",
            "MAP DISPATCHED->FAILED", "REDUCE DISPATCHED->FAILED",
            "MAP RUNNING->DISPATCHED", "REDUCE RUNNING->DISPATCHED",
            "MAP RUNNING->SUCCEEDED", "REDUCE RUNNING->SUCCEEDED",
            "MAP RUNNING->FAILED", "REDUCE RUNNING->FAILED",
            "MAP SUCCEEDED->DISPATCHED",
            "REDUCE DISPATCHED->PARKED", "REDUCE RUNNING->PARKED", "MAP PARKED->DISPATCHED", "REDUCE PARKED->DISPATCHED");

    @Test
    void allowsExactlyTheMovesOfTheLifecycleAndRefusesEveryOther() {
        List<String> allowed = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            for (TaskState from : TaskState.values()) {
                for (TaskState to : TaskState.values()) {
                    if (from.canMoveTo(to, phase)) allowed.add(phase + " " + from + "->" + to);
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(LIFECYCLE);
    }

    @ParameterizedTest(name = "{0} {1} -> {2} is refused")
    @CsvSource({
            "MAP,PENDING,PENDING", "MAP,DISPATCHED,DISPATCHED", "MAP,RUNNING,RUNNING", "MAP,SUCCEEDED,SUCCEEDED",
            "MAP,FAILED,FAILED", "MAP,PENDING,RUNNING", "MAP,PENDING,SUCCEEDED", "MAP,PENDING,FAILED",
            "MAP,DISPATCHED,PENDING", "MAP,RUNNING,PENDING", "REDUCE,SUCCEEDED,DISPATCHED", "MAP,SUCCEEDED,RUNNING",
            "REDUCE,SUCCEEDED,PENDING", "MAP,SUCCEEDED,FAILED", "REDUCE,FAILED,DISPATCHED", "REDUCE,FAILED,PENDING",
            "REDUCE,PENDING,SUCCEEDED", "REDUCE,PENDING,RUNNING", "MAP,DISPATCHED,PARKED", "MAP,RUNNING,PARKED",
            "REDUCE,DISPATCHED,PENDING", "REDUCE,PARKED,PARKED", "REDUCE,PARKED,RUNNING", "REDUCE,PARKED,SUCCEEDED",
            "REDUCE,PARKED,FAILED", "REDUCE,PENDING,PARKED", "REDUCE,SUCCEEDED,PARKED"
    })
    void refusesSelfMovesWrongPhaseMovesAndLeavingFailed(Phase phase, TaskState from, TaskState to) {
        assertThat(from.canMoveTo(to, phase)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"PENDING,false", "PARKED,false", "DISPATCHED,false", "RUNNING,false", "SUCCEEDED,true", "FAILED,true"})
    void onlySucceededAndFailedAreTerminal(TaskState state, boolean terminal) {
        assertThat(state.isTerminal()).isEqualTo(terminal);
    }
}
