package io.warren.coordinator.domain;

import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final RetryPolicy FOUR = new RetryPolicy(4);
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private Task running(String worker) {
        Task task = new Task(Phase.MAP, 0);
        task.dispatch(t0);
        task.start(1, worker, t0, FOUR, null);
        return task;
    }

    @Test
    void aStartedAttemptIsRunningOnItsWorker() {
        Task task = running("w1");
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
        assertThat(task.snapshot().worker()).isEqualTo("w1");
        assertThat(task.runs()).singleElement().extracting(TaskRun::outcome).isEqualTo(TaskRun.Outcome.RUNNING);
    }

    @Test
    void theFirstCompletionWinsAndASecondIsIgnoredButRecorded() {
        Task task = running("w1");
        assertThat(task.complete(1, "w1", t0.plusSeconds(1), Map.of())).isTrue();
        assertThat(task.complete(1, "w2", t0.plusSeconds(2), Map.of())).isFalse();
        assertThat(task.winner()).isEqualTo("w1");
        assertThat(task.runs()).extracting(TaskRun::outcome)
                .containsExactly(TaskRun.Outcome.SUCCEEDED, TaskRun.Outcome.DUPLICATE);
    }

    /** A new coordinator is handed again the events its predecessor saved but had not acknowledged when it died. */
    @Test
    void theWinningRunsOwnReportsSeenAgainAddNoRuns() {
        Task task = running("w1");
        task.complete(1, "w1", t0.plusSeconds(1), Map.of());
        var before = task.runs();

        assertThat(task.start(1, "w1", t0.plusSeconds(5), FOUR, null)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.complete(1, "w1", t0.plusSeconds(6), Map.of())).isFalse();

        assertThat(task.runs()).isEqualTo(before);
        assertThat(task.winner()).isEqualTo("w1");
        // Another worker's run of the same attempt is a run that happened: it is recorded.
        task.start(1, "w2", t0.plusSeconds(7), FOUR, null);
        assertThat(task.runs()).hasSize(before.size() + 1).last().extracting(TaskRun::outcome)
                .isEqualTo(TaskRun.Outcome.DUPLICATE);
    }

    @Test
    void aCompletionFromAnEarlierAttemptStillCompletesTheTask() {
        Task task = running("w1");
        task.expire(t0.plus(TIMEOUT).plusSeconds(1), TIMEOUT, FOUR);
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.complete(1, "w1", t0.plusSeconds(20), Map.of())).isTrue();
        assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task.winner()).isEqualTo("w1");
    }

    @Test
    void aFailedAttemptIsRetriedUntilAttemptsAreUsedUp() {
        Task task = running("w1");
        assertThat(task.fail(1, "w1", "boom", "trace", t0, new RetryPolicy(2))).isEqualTo(Task.Retry.RETRY);
        assertThat(task.state()).isEqualTo(TaskState.DISPATCHED);
        assertThat(task.attempt()).isEqualTo(2);
        task.start(2, "w2", t0, FOUR, null);
        assertThat(task.fail(2, "w2", "boom again", "trace", t0, new RetryPolicy(2))).isEqualTo(Task.Retry.GAVE_UP);
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.error()).contains("map-0 failed 2 time(s)").contains("boom again");
        assertThat(task.failedOn()).containsExactly("w1", "w2");
    }

    @Test
    void aLateFailureOfAReplacedAttemptIsIgnored() {
        Task task = running("w1");
        task.expire(t0.plus(TIMEOUT).plusSeconds(1), TIMEOUT, FOUR);
        assertThat(task.fail(1, "w1", "late", null, t0.plusSeconds(30), FOUR)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.state()).isEqualTo(TaskState.DISPATCHED);
    }

    @Test
    void heartbeatsKeepARunningAttemptAlive() {
        Task task = running("w1");
        task.heartbeat(1, "w1", t0.plusSeconds(8), null);
        assertThat(task.expire(t0.plusSeconds(15), TIMEOUT, FOUR)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.expire(t0.plusSeconds(19), TIMEOUT, FOUR)).isEqualTo(Task.Retry.RETRY);
    }

    @Test
    void heartbeatsOfAnotherWorkerOrAttemptDoNotKeepTheAttemptAlive() {
        Task task = running("w1");
        task.heartbeat(1, "w2", t0.plusSeconds(8), null);
        task.heartbeat(2, "w1", t0.plusSeconds(8), null);
        assertThat(task.expire(t0.plusSeconds(11), TIMEOUT, FOUR)).isEqualTo(Task.Retry.RETRY);
    }

    @Test
    void aSilentAttemptTimesOutAndTheLastAllowedOneFailsTheTask() {
        Task task = running("w1");
        assertThat(task.expire(t0.plusSeconds(11), TIMEOUT, new RetryPolicy(1))).isEqualTo(Task.Retry.GAVE_UP);
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.error()).endsWith("no heartbeat from worker w1 for 10s");
        assertThat(task.runs()).singleElement().extracting(TaskRun::outcome).isEqualTo(TaskRun.Outcome.TIMED_OUT);
    }

    @Test
    void aDispatchedButNotStartedAttemptNeverTimesOut() {
        Task task = new Task(Phase.REDUCE, 3);
        task.dispatch(t0);
        assertThat(task.expire(t0.plus(Duration.ofDays(1)), TIMEOUT, FOUR)).isEqualTo(Task.Retry.IGNORED);
    }

    @Test
    void aRedeliveredAttemptMeansItsEarlierWorkerIsLost() {
        Task task = running("w1");
        task.start(1, "w2", t0.plusSeconds(5), FOUR, null);
        assertThat(task.snapshot().worker()).isEqualTo("w2");
        assertThat(task.runs()).extracting(TaskRun::outcome)
                .containsExactly(TaskRun.Outcome.LOST, TaskRun.Outcome.RUNNING);
    }

    @Test
    void aTaskThatKillsEveryWorkerItRunsOnFailsAsPoisonAfterTheAttemptLimit() {
        Task task = running("w1");
        for (int w = 2; w <= 4; w++) {
            assertThat(task.start(1, "w" + w, t0.plusSeconds(w), FOUR, null)).isEqualTo(Task.Retry.IGNORED);
        }
        assertThat(task.start(1, "w5", t0.plusSeconds(5), FOUR, null)).isEqualTo(Task.Retry.GAVE_UP);
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.error()).contains("4 workers died or went silent").contains("poison");
    }

    @Test
    void aBackupRunsBesideTheOriginalAndWhicheverFinishesFirstWins() {
        Task task = running("w1");
        assertThat(task.backup(t0.plusSeconds(30), FOUR)).isTrue();
        assertThat(task.backup(t0.plusSeconds(31), FOUR)).as("one backup at a time").isFalse();
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
        task.start(2, "w2", t0.plusSeconds(31), FOUR, null);
        assertThat(task.complete(2, "w2", t0.plusSeconds(35), Map.of())).isTrue();
        assertThat(task.winner()).isEqualTo("w2");
        assertThat(task.snapshot().backups()).isEqualTo(1);
        assertThat(task.runs()).extracting(TaskRun::outcome)
                .containsExactly(TaskRun.Outcome.SUPERSEDED, TaskRun.Outcome.SUCCEEDED);
    }

    @Test
    void aFailedBackupLeavesTheOriginalRunning() {
        Task task = running("w1");
        task.backup(t0.plusSeconds(30), FOUR);
        task.start(2, "w2", t0.plusSeconds(31), FOUR, null);
        assertThat(task.fail(2, "w2", "boom", null, t0.plusSeconds(32), FOUR)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
        assertThat(task.complete(1, "w1", t0.plusSeconds(40), Map.of())).isTrue();
    }

    @Test
    void aSilentRunBesideALiveOneOnlyEndsTheSilentRun() {
        Task task = running("w1");
        task.backup(t0, FOUR);
        task.start(2, "w2", t0.plusSeconds(5), FOUR, null);
        task.heartbeat(2, "w2", t0.plusSeconds(9), null);
        assertThat(task.expire(t0.plusSeconds(12), TIMEOUT, FOUR)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.runs()).extracting(TaskRun::outcome)
                .containsExactly(TaskRun.Outcome.TIMED_OUT, TaskRun.Outcome.RUNNING);
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aTaskWhoseOnlyLiveRunWentSilentWhileItsBackupWaitsOnTheQueueIsDispatchedNotRunning() {
        Task task = running("w1");
        assertThat(task.backup(t0.plusSeconds(1), FOUR)).isTrue();
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
        assertThat(task.expire(t0.plus(TIMEOUT).plusSeconds(1), TIMEOUT, FOUR)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.runs()).noneMatch(TaskRun::isOpen);
        assertThat(task.state()).isEqualTo(TaskState.DISPATCHED);
        assertThat(task.attempt()).isEqualTo(2);
        task.start(2, "w2", t0.plus(TIMEOUT).plusSeconds(2), FOUR, null);
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aFailedRunBesideALiveOneKeepsTheTaskRunning() {
        Task task = running("w1");
        task.backup(t0, FOUR);
        task.start(2, "w2", t0.plusSeconds(1), FOUR, null);
        assertThat(task.fail(1, "w1", "boom", null, t0.plusSeconds(2), FOUR)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
        assertThat(task.fail(2, "w2", "boom", null, t0.plusSeconds(3), FOUR)).isEqualTo(Task.Retry.RETRY);
        assertThat(task.state()).isEqualTo(TaskState.DISPATCHED);
        assertThat(task.attempt()).isEqualTo(3);
    }

    @Test
    void aFailedTaskRefusesToBeDispatchedAgain() {
        Task task = running("w1");
        task.fail(1, "w1", "boom", null, t0, new RetryPolicy(1));
        assertThatThrownBy(() -> task.dispatch(t0)).isInstanceOf(IllegalTaskTransition.class)
                .hasMessageContaining("map-0").hasMessageContaining("FAILED");
    }

    @Test
    void aSucceededMapWhoseOutputIsLostIsMadeAgainAsTheNextAttempt() {
        Task task = running("w1");
        task.complete(1, "w1", t0, java.util.Map.of("map.input.records", 5L));
        task.redo("its output was unreadable", t0.plusSeconds(5));
        assertThat(task.state()).isEqualTo(TaskState.DISPATCHED);
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.winner()).isNull();
        assertThat(task.counters()).isEmpty();
        task.start(2, "w2", t0.plusSeconds(6), FOUR, null);
        assertThat(task.complete(2, "w2", t0.plusSeconds(7), Map.of())).isTrue();
        assertThat(task.winner()).isEqualTo("w2");
    }

    @Test
    void aParkedReduceStopsItsRunsAndGoesOutAgainLater() {
        Task task = new Task(Phase.REDUCE, 0);
        task.dispatch(t0);
        task.start(1, "w1", t0, FOUR, null);
        task.park("waiting for map output", t0.plusSeconds(1));
        assertThat(task.state()).isEqualTo(TaskState.PARKED);
        assertThat(task.runs()).singleElement().extracting(TaskRun::outcome).isEqualTo(TaskRun.Outcome.SUPERSEDED);
        task.redispatch(t0.plusSeconds(2));
        assertThat(task.state()).isEqualTo(TaskState.DISPATCHED);
        assertThat(task.attempt()).isEqualTo(2);
    }

    @Test
    void aParkedReduceThatAnEarlierVersionRecordedAsPendingWithAttemptsReadsAsParked() {
        TaskRecord old = new TaskRecord(Phase.REDUCE, 0, TaskState.PENDING, 2, List.of(), 0, t0, null, null, null, null,
                List.of(), List.of(), Map.of(), 2);
        assertThat(old.state()).isEqualTo(TaskState.PARKED);
        assertThat(new TaskRecord(Phase.REDUCE, 1, TaskState.PENDING, 0, List.of(), 0, null, null, null, null, null,
                List.of(), List.of(), Map.of()).state()).as("never sent").isEqualTo(TaskState.PENDING);
    }

    @Test
    void aParkedReduceRecordsLateReportsOfItsReplacedAttemptsAndActsOnNone() {
        Task task = new Task(Phase.REDUCE, 0);
        task.dispatch(t0);
        task.park("waiting for map output", t0.plusSeconds(1));
        assertThat(task.start(1, "w1", t0.plusSeconds(2), FOUR, null)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.complete(1, "w1", t0.plusSeconds(3), java.util.Map.of("reduce.output.records", 3L))).isFalse();
        assertThat(task.fail(1, "w2", "boom", null, t0.plusSeconds(4), new RetryPolicy(1))).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.state()).isEqualTo(TaskState.PARKED);
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.winner()).isNull();
        assertThat(task.counters()).isEmpty();
        assertThat(task.runs()).noneMatch(TaskRun::isOpen);
        assertThat(task.runs()).extracting(TaskRun::outcome).containsExactly(TaskRun.Outcome.SUPERSEDED,
                TaskRun.Outcome.SUPERSEDED, TaskRun.Outcome.FAILED);
        task.redispatch(t0.plusSeconds(5));
        assertThat(task.attempt()).isEqualTo(2);
        task.start(2, "w3", t0.plusSeconds(6), FOUR, null);
        assertThat(task.complete(2, "w3", t0.plusSeconds(7), Map.of())).isTrue();
        assertThat(task.winner()).isEqualTo("w3");
    }

    @Test
    void theWinningRunsCountersBecomeTheTasks() {
        Task task = running("w1");
        task.backup(t0, FOUR);
        task.start(2, "w2", t0, FOUR, null);
        task.complete(2, "w2", t0.plusSeconds(1), java.util.Map.of("map.output.records", 7L));
        task.complete(1, "w1", t0.plusSeconds(2), java.util.Map.of("map.output.records", 7L));
        assertThat(task.counters()).containsExactly(java.util.Map.entry("map.output.records", 7L));
    }

    @Test
    void aSnapshotRestoresToAnEqualTask() {
        Task task = running("w1");
        task.heartbeat(1, "w1", t0.plusSeconds(1), null);
        task.backup(t0.plusSeconds(2), FOUR);
        assertThat(new Task(task.snapshot(), new TaskTally()).snapshot()).isEqualTo(task.snapshot());
    }
}
