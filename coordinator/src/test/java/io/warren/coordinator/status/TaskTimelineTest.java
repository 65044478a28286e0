package io.warren.coordinator.status;

import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun.Outcome;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.coordinator.status.TimelineRecords.at;
import static io.warren.coordinator.status.TimelineRecords.job;
import static io.warren.coordinator.status.TimelineRecords.run;
import static io.warren.coordinator.status.TimelineRecords.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TaskTimelineTest {
    private static final Map<String, Long> NONE = Map.of();

    private static TaskTimeline.View view(List<TaskRecord> maps, List<TaskRecord> reduces, double now) {
        return TaskTimeline.of(job(JobState.MAPPING, null, maps, reduces), at(now), 4000, 120);
    }

    @Test
    void aWorkersOverlappingRunsGetALaneEachAndRunsOneAfterAnotherShareOne() {
        var v = view(List.of(
                task(Phase.MAP, 0, NONE, run(1, "w-a", 0, 4.0, Outcome.SUCCEEDED)),
                task(Phase.MAP, 1, NONE, run(1, "w-a", 1, 3.0, Outcome.SUCCEEDED)),
                task(Phase.MAP, 2, NONE, run(1, "w-a", 4, 6.0, Outcome.SUCCEEDED)),
                task(Phase.MAP, 3, NONE, run(1, "w-b", 0, 2.0, Outcome.SUCCEEDED))), List.of(), 10);

        assertThat(v.lanes()).containsExactly(new TaskTimeline.Lane("w-a", 0), new TaskTimeline.Lane("w-a", 1),
                new TaskTimeline.Lane("w-b", 0));
        assertThat(v.bars()).extracting(TaskTimeline.Bar::task, TaskTimeline.Bar::lane, TaskTimeline.Bar::start,
                TaskTimeline.Bar::end).containsExactlyInAnyOrder(
                tuple("map-0", 0, 0L, 4000L), tuple("map-1", 1, 1000L, 3000L), tuple("map-2", 0, 4000L, 6000L),
                tuple("map-3", 2, 0L, 2000L));
        assertThat(v.runs()).isEqualTo(4);
        assertThat(v.elapsed()).isEqualTo(10_000);
    }

    /** Lanes come in the order of the workers' ids, whichever worker's run the job lists first. */
    @Test
    void lanesAreInTheOrderOfWorkerIdsNotOfTheRunsFirstMet() {
        var v = view(List.of(
                task(Phase.MAP, 0, NONE, run(1, "w-c", 0, 2.0, Outcome.SUCCEEDED)),
                task(Phase.MAP, 1, NONE, run(1, "w-a", 0, 2.0, Outcome.SUCCEEDED)),
                task(Phase.MAP, 2, NONE, run(1, "w-c", 1, 3.0, Outcome.SUCCEEDED)),
                task(Phase.MAP, 3, NONE, run(1, "w-b", 0, 1.0, Outcome.SUCCEEDED))), List.of(), 4);

        assertThat(v.lanes()).containsExactly(new TaskTimeline.Lane("w-a", 0), new TaskTimeline.Lane("w-b", 0),
                new TaskTimeline.Lane("w-c", 0), new TaskTimeline.Lane("w-c", 1));
        assertThat(v.bars()).extracting(TaskTimeline.Bar::task, TaskTimeline.Bar::lane).containsExactlyInAnyOrder(
                tuple("map-1", 0), tuple("map-3", 1), tuple("map-0", 2), tuple("map-2", 3));
    }

    @Test
    void aFailedAttemptItsRerunABackupAndARunningRunEachShowWhatHappened() {
        var v = view(List.of(
                task(Phase.MAP, 0, NONE, run(1, "w-a", 0, 2.0, Outcome.FAILED), run(2, "w-b", 2.5, 5.0, Outcome.SUCCEEDED)),
                task(Phase.MAP, 1, NONE, run(1, "w-a", 2, 9.0, Outcome.SUPERSEDED), run(2, "w-b", 6, 8.0, Outcome.SUCCEEDED))),
                List.of(task(Phase.REDUCE, 0, NONE, run(1, "w-a", 9, null, Outcome.RUNNING))), 12);

        assertThat(v.bars()).extracting(TaskTimeline.Bar::task, TaskTimeline.Bar::attempt, TaskTimeline.Bar::outcome,
                TaskTimeline.Bar::backup).containsExactlyInAnyOrder(
                tuple("map-0", 1, "failed", false), tuple("map-0", 2, "succeeded", false),
                tuple("map-1", 1, "superseded", false), tuple("map-1", 2, "succeeded", true),
                tuple("reduce-0", 1, "running", false));
        assertThat(v.bars()).filteredOn(b -> b.outcome().equals("failed")).singleElement()
                .extracting(TaskTimeline.Bar::error).isEqualTo("boom");
        assertThat(v.bars()).filteredOn(b -> b.outcome().equals("running")).singleElement()
                .extracting(TaskTimeline.Bar::end).isEqualTo(12_000L);
    }

    @Test
    void aRefusedJobHasNoLanes() {
        var v = TaskTimeline.of(job(JobState.FAILED, 0.0, List.of(), List.of()), at(5), 4000, 120);
        assertThat(v.lanes()).isEmpty();
        assertThat(v.bars()).isEmpty();
        assertThat(v.runs()).isZero();
    }

    @Test
    void aBigJobMergesShortFirstTrySuccessesButKeepsFailuresRerunsAndStragglersApart() {
        List<TaskRecord> maps = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            String worker = "w-" + (n % 2);
            double start = (n / 2) * 0.1;
            maps.add(task(Phase.MAP, n, NONE, run(1, worker, start, start + 0.1, Outcome.SUCCEEDED)));
        }
        maps.add(task(Phase.MAP, 3000, NONE, run(1, "w-0", 150, 151.0, Outcome.FAILED),
                run(2, "w-1", 151, 152.0, Outcome.SUCCEEDED)));
        maps.add(task(Phase.MAP, 3001, NONE, run(1, "w-2", 0, 140.0, Outcome.SUCCEEDED)));

        var v = TaskTimeline.of(job(JobState.SUCCEEDED, 152.0, maps, List.of()), at(200), 500, 120);

        assertThat(v.runs()).isEqualTo(3003);
        assertThat(v.bars().size()).isLessThanOrEqualTo(500);
        assertThat(v.bars().stream().mapToInt(TaskTimeline.Bar::runs).sum()).isEqualTo(3003);
        assertThat(v.bars()).filteredOn(b -> b.runs() > 1).isNotEmpty()
                .allSatisfy(b -> assertThat(b.outcome()).isEqualTo("succeeded"));
        assertThat(v.bars()).extracting(TaskTimeline.Bar::task, TaskTimeline.Bar::attempt, TaskTimeline.Bar::outcome,
                TaskTimeline.Bar::runs).contains(tuple("map-3000", 1, "failed", 1), tuple("map-3000", 2, "succeeded", 1),
                tuple("map-3001", 1, "succeeded", 1));
    }

    @Test
    void whenMergingIsNotEnoughTheUnusualAndLongestRunsAreKept() {
        List<TaskRecord> maps = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            maps.add(task(Phase.MAP, n, NONE, run(1, "w-" + n, 0, 1.0 + n, Outcome.SUCCEEDED)));
        }
        maps.add(task(Phase.MAP, 50, NONE, run(1, "w-x", 0, 0.5, Outcome.TIMED_OUT), run(2, "w-y", 1, 2.0, Outcome.SUCCEEDED)));

        var v = TaskTimeline.of(job(JobState.SUCCEEDED, 60.0, maps, List.of()), at(60), 5, 120);

        assertThat(v.bars()).extracting(TaskTimeline.Bar::task, TaskTimeline.Bar::outcome).containsExactlyInAnyOrder(
                tuple("map-50", "timed-out"), tuple("map-50", "succeeded"), tuple("map-49", "succeeded"),
                tuple("map-48", "succeeded"), tuple("map-47", "succeeded"));
    }
}
