package io.warren.coordinator.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TaskStateTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "PENDING,PENDING,false", "PENDING,DISPATCHED,true", "PENDING,RUNNING,false", "PENDING,SUCCEEDED,false", "PENDING,FAILED,false",
            "DISPATCHED,PENDING,true", "DISPATCHED,DISPATCHED,true", "DISPATCHED,RUNNING,true", "DISPATCHED,SUCCEEDED,true", "DISPATCHED,FAILED,true",
            "RUNNING,PENDING,true", "RUNNING,DISPATCHED,true", "RUNNING,RUNNING,false", "RUNNING,SUCCEEDED,true", "RUNNING,FAILED,true",
            "SUCCEEDED,PENDING,false", "SUCCEEDED,DISPATCHED,true", "SUCCEEDED,RUNNING,false", "SUCCEEDED,SUCCEEDED,false", "SUCCEEDED,FAILED,false",
            "FAILED,PENDING,false", "FAILED,DISPATCHED,false", "FAILED,RUNNING,false", "FAILED,SUCCEEDED,false", "FAILED,FAILED,false",
    })
    void allowsExactlyTheMovesOfTheLifecycle(TaskState from, TaskState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"PENDING,false", "DISPATCHED,false", "RUNNING,false", "SUCCEEDED,true", "FAILED,true"})
    void onlySucceededAndFailedAreTerminal(TaskState state, boolean terminal) {
        assertThat(state.isTerminal()).isEqualTo(terminal);
    }
}
