package io.warren.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobStateTest {
    @Test
    void allowsExactlyTheMovesOfAJobsLifeAndRefusesEveryOther() {
        List<String> allowed = new ArrayList<>();
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                if (from.canMoveTo(to)) allowed.add(from + "->" + to);
            }
        }
        assertThat(allowed).containsExactlyInAnyOrder("MAPPING->REDUCING", "MAPPING->FAILED", "MAPPING->CANCELLED",
                "REDUCING->SUCCEEDED", "REDUCING->FAILED", "REDUCING->CANCELLED");
    }

    @Test
    void onlyTheEndStatesAreTerminal() {
        List<JobState> terminal = new ArrayList<>();
        for (JobState s : JobState.values()) if (s.isTerminal()) terminal.add(s);
        assertThat(terminal).containsExactly(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);
    }
}
