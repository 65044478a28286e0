package io.warren.coordinator.status;

import io.warren.api.Counters;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun.Outcome;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.coordinator.status.TimelineRecords.T0;
import static io.warren.coordinator.status.TimelineRecords.job;
import static io.warren.coordinator.status.TimelineRecords.run;
import static io.warren.coordinator.status.TimelineRecords.task;
import static org.assertj.core.api.Assertions.assertThat;

class ThroughputTest {
    @Test
    void eachWinningRunsBytesAreSpreadEvenlyOverItsRun() {
        var maps = List.of(
                task(Phase.MAP, 0, Map.of(Counters.MAP_INPUT_BYTES, 4000L, Counters.MAP_OUTPUT_BYTES, 400L),
                        run(1, "w-a", 0, 2.0, Outcome.SUCCEEDED)),
                task(Phase.MAP, 1, Map.of(Counters.MAP_INPUT_BYTES, 1000L, Counters.MAP_OUTPUT_BYTES, 100L),
                        run(1, "w-b", 1, 2.0, Outcome.SUCCEEDED)));
        var reduces = List.of(task(Phase.REDUCE, 0, Map.of(Counters.BYTES_WRITTEN, 300L),
                run(1, "w-a", 2, 5.0, Outcome.SUCCEEDED)));

        Throughput t = Throughput.of(job(JobState.SUCCEEDED, 5.0, maps, reduces), T0, 5000, 120);

        assertThat(t.bucketMillis()).isEqualTo(1000);
        assertThat(t.input()).containsExactly(2000L, 3000L, 0L, 0L, 0L);
        assertThat(t.intermediate()).containsExactly(200L, 300L, 0L, 0L, 0L);
        assertThat(t.output()).containsExactly(0L, 0L, 100L, 100L, 100L);
    }

    /** The last bucket runs to the end of the span: a run in the remainder past its start is counted there. */
    @Test
    void aRunInTheRemainderThatTheLastBucketTakesInIsCountedInIt() {
        var maps = List.of(task(Phase.MAP, 0, Map.of(Counters.MAP_INPUT_BYTES, 1000L),
                run(1, "w-a", 0, 10.0, Outcome.SUCCEEDED)));
        var reduces = List.of(task(Phase.REDUCE, 0, Map.of(Counters.BYTES_WRITTEN, 700L),
                run(1, "w-a", 10.1, 10.3, Outcome.SUCCEEDED)));

        Throughput t = Throughput.of(job(JobState.SUCCEEDED, 10.4, maps, reduces), T0, 10_400, 120);

        assertThat(t.output()).hasSize(10);
        assertThat(t.output().get(9)).as("700 bytes over the last bucket's 1.4 s").isEqualTo(500L);
    }

    @Test
    void failedAndDuplicateRunsAndUnfinishedTasksAddNothing() {
        var maps = List.of(
                task(Phase.MAP, 0, Map.of(Counters.MAP_INPUT_BYTES, 1000L), run(1, "w-a", 0, 1.0, Outcome.FAILED),
                        run(2, "w-b", 1, 2.0, Outcome.SUCCEEDED), run(2, "w-c", 1, 3.0, Outcome.DUPLICATE)),
                task(Phase.MAP, 1, Map.of(Counters.MAP_INPUT_BYTES, 5000L), run(1, "w-a", 1, null, Outcome.RUNNING)));

        Throughput t = Throughput.of(job(JobState.MAPPING, null, maps, List.of()), T0, 4000, 120);

        assertThat(t.input()).containsExactly(0L, 1000L, 0L, 0L);
    }

    @Test
    void aLongJobGetsWiderBucketsAndNeverMoreThanAsked() {
        List<TaskRecord> maps = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            maps.add(task(Phase.MAP, n, Map.of(Counters.MAP_INPUT_BYTES, 60_000L),
                    run(1, "w-a", n * 60, n * 60 + 60.0, Outcome.SUCCEEDED)));
        }

        Throughput t = Throughput.of(job(JobState.SUCCEEDED, 3600.0, maps, List.of()), T0, 3_600_000, 100);

        assertThat(t.bucketMillis()).isEqualTo(60_000);
        assertThat(t.input()).hasSize(60).containsOnly(1000L);
    }

    @Test
    void aPartlyElapsedLastBucketIsARateOverTheTimeItCovers() {
        var maps = List.of(task(Phase.MAP, 0, Map.of(Counters.MAP_INPUT_BYTES, 1500L),
                run(1, "w-a", 0, 1.5, Outcome.SUCCEEDED)));

        Throughput t = Throughput.of(job(JobState.MAPPING, null, maps, List.of()), T0, 1500, 120);

        assertThat(t.input()).containsExactly(1000L, 1000L);
    }

    @Test
    void aRemainderShorterThanHalfABucketBelongsToTheLastBucket() {
        var maps = List.of(task(Phase.MAP, 0, Map.of(Counters.MAP_INPUT_BYTES, 2200L),
                run(1, "w-a", 0, 2.2, Outcome.SUCCEEDED)));

        Throughput t = Throughput.of(job(JobState.MAPPING, null, maps, List.of()), T0, 2200, 120);

        assertThat(t.input()).containsExactly(1000L, 1000L);
    }
}
