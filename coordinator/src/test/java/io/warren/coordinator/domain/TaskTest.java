package io.warren.coordinator.domain;

import io.warren.protocol.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private Task running(String worker) {
        Task task = new Task(Phase.MAP, 0);
        task.dispatch(t0);
        task.start(1, worker, t0);
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
        assertThat(task.complete(1, "w1", t0.plusSeconds(1))).isTrue();
        assertThat(task.complete(1, "w2", t0.plusSeconds(2))).isFalse();
        assertThat(task.winner()).isEqualTo("w1");
        assertThat(task.runs()).extracting(TaskRun::outcome)
                .containsExactly(TaskRun.Outcome.SUCCEEDED, TaskRun.Outcome.DUPLICATE);
    }

    @Test
    void aCompletionFromAnEarlierAttemptStillCompletesTheTask() {
        Task task = running("w1");
        task.expire(t0.plus(TIMEOUT).plusSeconds(1), TIMEOUT, 4);
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.complete(1, "w1", t0.plusSeconds(20))).isTrue();
        assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task.winner()).isEqualTo("w1");
    }

    @Test
    void aFailedAttemptIsRetriedUntilAttemptsAreUsedUp() {
        Task task = running("w1");
        assertThat(task.fail(1, "w1", "boom", "trace", t0, 2)).isEqualTo(Task.Retry.RETRY);
        assertThat(task.state()).isEqualTo(TaskState.DISPATCHED);
        assertThat(task.attempt()).isEqualTo(2);
        task.start(2, "w2", t0);
        assertThat(task.fail(2, "w2", "boom again", "trace", t0, 2)).isEqualTo(Task.Retry.GAVE_UP);
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.error()).isEqualTo("boom again");
    }

    @Test
    void aLateFailureOfAReplacedAttemptIsIgnored() {
        Task task = running("w1");
        task.expire(t0.plus(TIMEOUT).plusSeconds(1), TIMEOUT, 4);
        assertThat(task.fail(1, "w1", "late", null, t0.plusSeconds(30), 4)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.state()).isEqualTo(TaskState.DISPATCHED);
    }

    @Test
    void heartbeatsKeepARunningAttemptAlive() {
        Task task = running("w1");
        task.heartbeat(1, "w1", t0.plusSeconds(8));
        assertThat(task.expire(t0.plusSeconds(15), TIMEOUT, 4)).isEqualTo(Task.Retry.IGNORED);
        assertThat(task.expire(t0.plusSeconds(19), TIMEOUT, 4)).isEqualTo(Task.Retry.RETRY);
    }

    @Test
    void heartbeatsOfAnotherWorkerOrAttemptDoNotKeepTheAttemptAlive() {
        Task task = running("w1");
        task.heartbeat(1, "w2", t0.plusSeconds(8));
        task.heartbeat(2, "w1", t0.plusSeconds(8));
        assertThat(task.expire(t0.plusSeconds(11), TIMEOUT, 4)).isEqualTo(Task.Retry.RETRY);
    }

    @Test
    void aSilentAttemptTimesOutAndTheLastAllowedOneFailsTheTask() {
        Task task = running("w1");
        assertThat(task.expire(t0.plusSeconds(11), TIMEOUT, 1)).isEqualTo(Task.Retry.GAVE_UP);
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.error()).contains("no heartbeat from worker w1");
        assertThat(task.runs()).singleElement().extracting(TaskRun::outcome).isEqualTo(TaskRun.Outcome.TIMED_OUT);
    }

    @Test
    void aDispatchedButNotStartedAttemptNeverTimesOut() {
        Task task = new Task(Phase.REDUCE, 3);
        task.dispatch(t0);
        assertThat(task.expire(t0.plus(Duration.ofDays(1)), TIMEOUT, 4)).isEqualTo(Task.Retry.IGNORED);
    }

    @Test
    void aRedeliveredAttemptSupersedesItsEarlierRun() {
        Task task = running("w1");
        task.start(1, "w2", t0.plusSeconds(5));
        assertThat(task.snapshot().worker()).isEqualTo("w2");
        assertThat(task.runs()).extracting(TaskRun::outcome)
                .containsExactly(TaskRun.Outcome.SUPERSEDED, TaskRun.Outcome.RUNNING);
    }

    @Test
    void aTerminalTaskRefusesToBeDispatchedAgain() {
        Task task = running("w1");
        task.complete(1, "w1", t0);
        assertThatThrownBy(() -> task.dispatch(t0)).isInstanceOf(IllegalTaskTransition.class)
                .hasMessageContaining("map-0").hasMessageContaining("SUCCEEDED");
    }

    @Test
    void aSnapshotRestoresToAnEqualTask() {
        Task task = running("w1");
        task.heartbeat(1, "w1", t0.plusSeconds(1));
        assertThat(new Task(task.snapshot()).snapshot()).isEqualTo(task.snapshot());
    }
}
