package io.warren.worker;

import io.warren.broker.local.LocalBroker;
import io.warren.broker.port.Subscription;
import io.warren.protocol.CommitAnswer;
import io.warren.protocol.JobRef;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.WorkerEvent;
import io.warren.worker.exec.CommitDenied;
import io.warren.worker.exec.CommitUnanswered;
import io.warren.worker.exec.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A worker's side of the commit gate, against the in-process broker and a coordinator played by the test. */
class CommitRequestsTest {
    private static final String WORKER = "w-asking-1";
    private static final long HEARTBEAT_MILLIS = 40;
    private final LocalBroker broker = new LocalBroker();
    private final List<WorkerEvent.CommitRequested> requests = new CopyOnWriteArrayList<>();
    private final CommitRequests commits = new CommitRequests(WORKER, broker.events(), broker.commits(),
            Clock.systemUTC());
    private Subscription coordinator;

    private static ReduceTask reduce(int attempt) {
        return new ReduceTask("job-1", 3, attempt, new JobRef("wordcount", null, Map.of()), List.of("w-map-1"), "out",
                HEARTBEAT_MILLIS, List.of()).withEpoch(1);
    }

    /** The coordinator's side: hears each request and answers as {@code answer} says (null: no answer). */
    private void coordinator(Function<WorkerEvent.CommitRequested, CommitAnswer> answer) {
        coordinator = broker.events().subscribe(10, d -> {
            if (d.message() instanceof WorkerEvent.CommitRequested asked) {
                requests.add(asked);
                CommitAnswer a = answer.apply(asked);
                if (a != null) broker.commits().answer(a);
            }
            d.ack();
        });
    }

    @AfterEach
    void close() {
        if (coordinator != null) coordinator.close();
        commits.close();
        broker.close();
    }

    @Test
    void aGrantedAttemptGoesOnAfterOneRequest() throws Exception {
        coordinator(CommitAnswer::granted);
        Progress progress = new Progress();

        commits.await(reduce(2), progress);

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.workerId()).isEqualTo(WORKER);
            assertThat(r.taskNumber()).isEqualTo(3);
            assertThat(r.attempt()).isEqualTo(2);
        });
        assertThat(progress.ticks()).as("waiting counts as progress").isPositive();
    }

    @Test
    void aDeniedAttemptThrowsWithTheCoordinatorsReason() {
        coordinator(asked -> CommitAnswer.denied(asked, "attempt 1 on w-other-1 holds the commit grant"));

        assertThatThrownBy(() -> commits.await(reduce(2), new Progress())).isInstanceOf(CommitDenied.class)
                .hasMessage("commit denied: attempt 1 on w-other-1 holds the commit grant");
    }

    @Test
    void aLostAnswerIsAskedForAgain() throws Exception {
        coordinator(asked -> requests.size() < 3 ? null : CommitAnswer.granted(asked));

        commits.await(reduce(1), new Progress());

        assertThat(requests).hasSize(3);
    }

    @Test
    void anAnswerToAnotherAttemptIsNotThisOnes() {
        coordinator(asked -> new CommitAnswer(asked.jobId(), asked.taskNumber(), asked.attempt() + 1, WORKER,
                CommitAnswer.Verdict.GRANTED, ""));

        assertThatThrownBy(() -> commits.await(reduce(1), new Progress())).isInstanceOf(CommitUnanswered.class);
    }

    @Test
    void aWorkerThatHearsNothingGivesUpAfterTwiceTheTaskTimeout() {
        coordinator(asked -> null);
        long start = System.nanoTime();

        assertThatThrownBy(() -> commits.await(reduce(1), new Progress())).isInstanceOf(CommitUnanswered.class)
                .hasMessageContaining("is the broker reachable?");

        assertThat(requests).hasSize(CommitRequests.GIVE_UP_AFTER);
        assertThat((System.nanoTime() - start) / 1_000_000).as("waited, in ms")
                .isGreaterThanOrEqualTo(HEARTBEAT_MILLIS * CommitRequests.GIVE_UP_AFTER - 50);
    }

    @Test
    void aReduceFromACoordinatorWithoutTermsIsNotAskedAbout() throws Exception {
        coordinator(asked -> null);

        commits.await(reduce(1).withEpoch(0), new Progress());

        assertThat(requests).as("that coordinator has no gate; the create-only commit decides").isEmpty();
    }

    @Test
    void anInterruptedWaitStopsAtOnce() {
        coordinator(asked -> null);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> commits.await(reduce(1), new Progress())).isInstanceOf(InterruptedException.class);
    }
}
