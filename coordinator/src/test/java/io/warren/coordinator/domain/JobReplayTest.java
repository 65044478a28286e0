package io.warren.coordinator.domain;

import io.warren.coordinator.storage.SchedulerWorkload;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replay that keeps the job (what a hot standby hands the scheduler at takeover) must hold, after every change, the
 * very job {@link Job#restore} builds from the record the replay reads: the same tasks, and the same running account of
 * them (counts, tasks in flight and running, counters), with nothing marked as changed.
 */
class JobReplayTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void aKeptJobIsAtEveryChangeWhatARestoreOfTheRecordBuilds(long seed) {
        JobReplay[] replay = {null};
        int[] compared = {0};
        JobStore following = new SchedulerWorkload.Discarding() {
            @Override
            public void save(JobChange change, Supplier<JobRecord> whole) {
                JobRecord live = whole.get();
                if (replay[0] == null) replay[0] = JobReplay.keepingJob(live);
                else replay[0].apply(change);
                assertThat(replay[0].result()).as("the replay's record after save %d", compared[0]).isEqualTo(live);
                assertSameJob(replay[0].job(), Job.restore(live));
                compared[0]++;
            }
        };
        List<JobRecord> saves = new SchedulerWorkload(seed, 40, 3).run(following, live -> { });

        assertThat(compared[0]).isEqualTo(saves.size()).isGreaterThan(10);
        assertThat(saves.get(saves.size() - 1).state().isTerminal()).as("the workload ran the job to its end").isTrue();
    }

    @Test
    void aReplayThatKeepsNoJobSaysSo() {
        JobRecord planned = Job.plan(io.warren.protocol.JobSpec.of("j", "wordcount", null, List.of("in"), "out", 1,
                java.util.Map.of()), List.of(List.of(io.warren.protocol.InputSplit.wholeFile("in", 1))),
                java.time.Instant.EPOCH).snapshot();
        JobReplay plain = new JobReplay(planned);

        assertThat(plain.keepsJob()).isFalse();
        assertThatThrownBy(plain::job).isInstanceOf(IllegalStateException.class);
        assertThat(JobReplay.keepingJob(planned).job().snapshot()).isEqualTo(planned);
    }

    private static void assertSameJob(Job kept, Job restored) {
        assertThat(kept.snapshot()).isEqualTo(restored.snapshot());
        for (Phase phase : Phase.values()) {
            for (TaskState state : TaskState.values()) {
                assertThat(kept.census().count(phase, state)).as("%s tasks %s", phase, state)
                        .isEqualTo(restored.census().count(phase, state));
            }
        }
        assertThat(kept.counters()).isEqualTo(restored.counters());
        assertThat(kept.inFlight().stream().map(Task::id)).isEqualTo(restored.inFlight().stream().map(Task::id).toList());
        assertThat(kept.running().stream().map(Task::id)).isEqualTo(restored.running().stream().map(Task::id).toList());
        JobChange unsaved = kept.changes();
        assertThat(unsaved.tasks()).as("tasks marked changed").isEmpty();
        assertThat(unsaved.confirmed()).as("confirms noted").isEmpty();
    }
}
