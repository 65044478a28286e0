package io.warren.coordinator.domain;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private Job planned() {
        JobSpec spec = JobSpec.of("job-1", "wordcount", null, List.of("in/0"), "out", 1, Map.of());
        return Job.plan(spec, List.of(List.of(InputSplit.wholeFile("in/0", 10))), t0);
    }

    /** The planned job with its one map task succeeded: the reduce went out and it is REDUCING. */
    private Job mapped() {
        Job job = planned();
        Task map = job.start(t0).get(0);
        map.start(1, "w1", t0, new RetryPolicy(4), null);
        map.complete(1, "w1", t0, Map.of());
        assertThat(job.succeeded(map, t0)).containsExactlyElementsOf(job.reduces());
        return job;
    }

    @Test
    void aPlannedJobMapsThenReducesThenSucceeds() {
        Job job = planned();
        assertThat(job.state()).isEqualTo(JobState.MAPPING);
        job = mapped();
        assertThat(job.state()).isEqualTo(JobState.REDUCING);
        assertThat(job.reduces()).allSatisfy(r -> assertThat(r.state()).isEqualTo(TaskState.DISPATCHED));
        assertThat(job.outputComplete()).isFalse();
        Task reduce = job.reduces().get(0);
        reduce.complete(1, "w2", t0.plusSeconds(1), Map.of());
        assertThat(job.outputComplete()).isTrue();
        job.succeed(t0.plusSeconds(1));
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.snapshot().finishedAt()).isEqualTo(t0.plusSeconds(1));
        assertThat(job.outputComplete()).isFalse();
    }

    @Test
    void theTasksInFlightFollowEveryMoveParkingAndARestore() {
        JobSpec spec = JobSpec.of("job-3", "wordcount", null, List.of("in/0"), "out", 2, Map.of());
        List<List<InputSplit>> splits = List.of(List.of(InputSplit.wholeFile("in/0", 10)),
                List.of(InputSplit.wholeFile("in/1", 10)), List.of(InputSplit.wholeFile("in/2", 10)));
        Job job = Job.plan(spec, splits, t0);
        RetryPolicy policy = new RetryPolicy(4);
        assertThat(job.inFlight()).isEmpty();

        List<Task> maps = job.start(t0);
        assertThat(job.inFlight()).containsExactlyElementsOf(job.maps());
        assertThat(job.running()).isEmpty(); // queued, not running: nothing for a sweep to look at
        maps.get(0).start(1, "w1", t0, policy, null);
        assertInFlightIsEveryTaskInProgress(job);
        assertThat(job.running()).containsExactly(maps.get(0));
        for (Task map : maps) {
            map.start(1, "w1", t0, policy, null);
            map.complete(1, "w1", t0, Map.of());
            job.succeeded(map, t0);
            assertInFlightIsEveryTaskInProgress(job);
        }
        assertThat(job.inFlight()).containsExactlyElementsOf(job.reduces());

        job.reduces().get(1).start(1, "w2", t0, policy, null);
        Job.Remake remake = job.remakeMapOutputs(List.of(1), "lost", policy, t0);
        assertThat(job.reduces()).allSatisfy(r -> assertThat(r.state()).isEqualTo(TaskState.PARKED));
        assertThat(job.inFlight()).containsExactlyElementsOf(remake.maps()).hasSize(1);

        Job restored = Job.restore(job.snapshot());
        assertThat(restored.inFlight()).extracting(Task::id).containsExactly("map-1");
        assertInFlightIsEveryTaskInProgress(restored);

        Task remade = restored.task(Phase.MAP, 1);
        remade.start(2, "w3", t0, policy, null);
        remade.complete(2, "w3", t0, Map.of());
        assertThat(restored.succeeded(remade, t0)).containsExactlyElementsOf(restored.reduces());
        assertThat(restored.inFlight()).containsExactlyElementsOf(restored.reduces());
        restored.reduces().forEach(r -> r.complete(2, "w4", t0, Map.of()));
        assertThat(restored.inFlight()).isEmpty();
    }

    @Test
    void noStragglerIsBackedUpWhileATaskOfThePhaseWaitsOnTheQueue() {
        JobSpec spec = JobSpec.of("job-4", "wordcount", null, List.of("in/0"), "out", 1, Map.of());
        List<List<InputSplit>> splits = List.of(List.of(InputSplit.wholeFile("in/0", 10)),
                List.of(InputSplit.wholeFile("in/1", 10)), List.of(InputSplit.wholeFile("in/2", 10)));
        Job job = Job.plan(spec, splits, t0);
        RetryPolicy policy = new RetryPolicy(4);
        BackupPolicy backups = new BackupPolicy(true, 2.0, Duration.ofSeconds(1));
        List<Task> maps = job.start(t0);
        maps.get(0).start(1, "w0", t0, policy, null);
        maps.get(1).start(1, "w1", t0, policy, null);
        maps.get(0).complete(1, "w0", t0.plusSeconds(1), Map.of());
        job.succeeded(maps.get(0), t0.plusSeconds(1));

        assertThat(job.backUpStragglers(backups, policy, t0.plusSeconds(10))).as("map-2 waits on the queue").isEmpty();
        maps.get(2).start(1, "w2", t0.plusSeconds(10), policy, null);
        assertThat(job.backUpStragglers(backups, policy, t0.plusSeconds(10))).containsExactly(maps.get(1));
    }

    /** The oracle the tally's set replaces: a look at every task. */
    private static void assertInFlightIsEveryTaskInProgress(Job job) {
        assertThat(job.inFlight()).containsExactlyElementsOf(
                job.tasks().stream().filter(t -> t.state().isInProgress()).toList());
        assertThat(job.running()).containsExactlyElementsOf(
                job.tasks().stream().filter(t -> t.state() == TaskState.RUNNING).toList());
    }

    @Test
    void aMappingJobCannotSucceed() {
        Job job = planned();
        assertThatThrownBy(() -> job.succeed(t0)).isInstanceOf(IllegalJobTransition.class)
                .hasMessageContaining("job-1").hasMessageContaining("MAPPING").hasMessageContaining("SUCCEEDED");
        assertThat(job.state()).isEqualTo(JobState.MAPPING);
    }

    @Test
    void anEndedJobRefusesEveryMoveAndKeepsItsEnd() {
        Job cancelled = planned();
        cancelled.cancel("by the user", t0);
        Job failed = mapped();
        failed.fail("reduce-0 failed", "trace", t0);
        Job succeeded = mapped();
        succeeded.reduces().get(0).complete(1, "w2", t0, Map.of());
        succeeded.succeed(t0);
        Job refused = Job.rejected(JobSpec.of("job-2", "bad", null, List.of("in"), "out", 1, Map.of()), "no app", t0);
        for (Job job : List.of(cancelled, failed, succeeded, refused)) {
            JobState end = job.state();
            assertThatThrownBy(() -> job.succeed(t0)).isInstanceOf(IllegalJobTransition.class);
            assertThatThrownBy(() -> job.cancel("again", t0)).isInstanceOf(IllegalJobTransition.class);
            assertThatThrownBy(() -> job.fail("again", null, t0)).isInstanceOf(IllegalJobTransition.class);
            assertThat(job.state()).isEqualTo(end);
            assertThat(job.error()).isNotEqualTo("again");
        }
    }

    @Test
    void aCancelledMappingJobDoesNotStartReducingWhenItsLastMapReportsLate() {
        Job job = planned();
        Task map = job.start(t0).get(0);
        job.cancel("by the user", t0);
        map.complete(1, "w1", t0, Map.of());
        assertThat(job.succeeded(map, t0)).isEmpty();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    }
}
