package io.warren.coordinator.status;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.warren.coordinator.status.TimelineRecords.at;
import static io.warren.coordinator.status.TimelineRecords.job;
import static io.warren.coordinator.status.TimelineRecords.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReduceSkewTest {
    /** A reduce's run as started with {@code inputBytes} (null: it did not say), still running or succeeded. */
    private static TaskRun run(int attempt, String worker, Long inputBytes, boolean done) {
        return new TaskRun(attempt, worker, at(10), at(11), done ? at(12) : null,
                done ? TaskRun.Outcome.SUCCEEDED : TaskRun.Outcome.RUNNING, null, null, inputBytes);
    }

    private static JobRecord reducing(TaskRecord... reduces) {
        return job(JobState.REDUCING, null, List.of(), Arrays.asList(reduces));
    }

    @Test
    void namesTheReduceWithTheMostInputAndItsShareOfWhatTheReducesTold() {
        JobRecord job = reducing(
                task(Phase.REDUCE, 0, Map.of(), run(1, "w1", 100L, true)),
                task(Phase.REDUCE, 1, Map.of(), run(1, "w2", 700L, false)),
                task(Phase.REDUCE, 2, Map.of(), run(1, "w1", 200L, true)),
                task(Phase.REDUCE, 3, Map.of()));                         // not started: unknown, not counted
        ReduceSkew skew = ReduceSkew.of(job).orElseThrow();
        assertThat(skew.task()).isEqualTo("reduce-1");
        assertThat(skew.bytes()).isEqualTo(700);
        assertThat(skew.total()).isEqualTo(1_000);
        assertThat(skew.reported()).isEqualTo(3);
        assertThat(skew.reduces()).isEqualTo(4);
        assertThat(skew.share()).isCloseTo(0.7, within(1e-9));
        assertThat(skew.evenShare()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void aReduceRunAgainCountsOnceWithItsLatestReport() {
        JobRecord job = reducing(
                task(Phase.REDUCE, 0, Map.of(), run(1, "w1", 900L, false), run(2, "w2", 300L, true)),
                task(Phase.REDUCE, 1, Map.of(), run(1, "w2", 600L, true)));
        ReduceSkew skew = ReduceSkew.of(job).orElseThrow();
        assertThat(skew.task()).isEqualTo("reduce-1");
        assertThat(skew.total()).isEqualTo(900);
        assertThat(skew.reported()).isEqualTo(2);
    }

    @Test
    void noSkewToShowWithFewerThanTwoReportsOrNoInput() {
        assertThat(ReduceSkew.of(reducing(task(Phase.REDUCE, 0, Map.of(), run(1, "w1", 500L, true)),
                task(Phase.REDUCE, 1, Map.of(), run(1, "w1", null, true))))).isEmpty();
        assertThat(ReduceSkew.of(reducing(task(Phase.REDUCE, 0, Map.of(), run(1, "w1", 0L, true)),
                task(Phase.REDUCE, 1, Map.of(), run(1, "w1", 0L, true))))).isEmpty();
    }
}
