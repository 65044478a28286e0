package io.warren.broker.port;

import io.warren.protocol.CommitAnswer;
import io.warren.protocol.ControlAnswer;
import io.warren.protocol.JobCommand;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Phase;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static io.warren.protocol.testing.Tasks.aMapTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Warren relies on from a broker, checked against every {@link Broker} implementation: the in-process one
 * ({@code LocalBrokerTest}) and RabbitMQ ({@code RabbitBrokerIT}). If they drift apart, one of the two fails.
 */
public abstract class BrokerContract {
    private static final Duration WAIT = Duration.ofSeconds(20);
    protected Broker broker;
    private final List<Subscription> subscriptions = new ArrayList<>();

    protected abstract Broker newBroker();

    protected void afterEachBroker(Broker b) {
    }

    /**
     * The priority band a task of this priority is handed out in: higher bands first, first in first out within one.
     * Every priority is a band of its own unless the adapter groups them (RabbitMQ quorum queues: three bands).
     */
    protected int priorityBand(int priority) {
        return priority;
    }

    @BeforeEach
    void openBroker() {
        broker = newBroker();
    }

    @AfterEach
    void closeBroker() {
        subscriptions.forEach(Subscription::close);
        afterEachBroker(broker);
        broker.close();
    }

    protected Subscription subscribe(int prefetch, java.util.function.Consumer<Delivery<TaskMessage>> handler) {
        Subscription s = broker.tasks().subscribe(prefetch, handler);
        subscriptions.add(s);
        return s;
    }

    private static List<TaskMessage> tasks(int n) {
        return IntStream.range(0, n).mapToObj(i -> (TaskMessage) aMapTask().number(i).build()).toList();
    }

    @Test
    void aQueueCountsItsConsumers() {
        assertThat(broker.events().consumers()).isZero();
        Subscription one = broker.events().subscribe(1, Delivery::ack);
        Subscription two = broker.events().subscribe(1, Delivery::ack);
        // Quorum queues count only the active one of single-active consumers: any count from 1 up means "listened to".
        await().atMost(WAIT).until(() -> broker.events().consumers() >= 1);
        one.close();
        await().atMost(WAIT).until(() -> broker.events().consumers() == 1);
        two.close();
        await().atMost(WAIT).until(() -> broker.events().consumers() == 0);
    }

    @Test
    void oneConsumerReceivesPublishedMessagesInOrder() {
        List<TaskMessage> got = new CopyOnWriteArrayList<>();
        subscribe(10, d -> {
            got.add(d.message());
            d.ack();
        });
        broker.tasks().publish(tasks(5));
        await().atMost(WAIT).until(() -> got.size() == 5);
        assertThat(got).isEqualTo(tasks(5));
    }

    @Test
    void anAckedMessageIsNotDeliveredAgain() {
        List<TaskMessage> first = new CopyOnWriteArrayList<>();
        Subscription s = subscribe(10, d -> {
            first.add(d.message());
            d.ack();
        });
        broker.tasks().publish(tasks(2));
        await().atMost(WAIT).until(() -> first.size() == 2);
        s.close();

        List<TaskMessage> second = new CopyOnWriteArrayList<>();
        subscribe(10, d -> {
            second.add(d.message());
            d.ack();
        });
        TaskMessage marker = aMapTask().number(99).build();
        broker.tasks().publish(marker);
        await().atMost(WAIT).until(() -> !second.isEmpty());
        assertThat(second).containsExactly(marker);
    }

    @Test
    void aBatchAckedInOrderIsNotDeliveredAgainAndLeavesLaterOnesUnsettled() {
        List<Delivery<TaskMessage>> held = new CopyOnWriteArrayList<>();
        Subscription s = subscribe(10, held::add);
        broker.tasks().publish(tasks(5));
        await().atMost(WAIT).until(() -> held.size() == 5);
        Delivery.ackInOrder(held.subList(0, 3));
        s.close(); // the two unsettled ones go back

        List<TaskMessage> second = new CopyOnWriteArrayList<>();
        subscribe(10, d -> {
            second.add(d.message());
            d.ack();
        });
        await().atMost(WAIT).until(() -> second.size() == 2);
        TaskMessage marker = aMapTask().number(99).build();
        broker.tasks().publish(marker);
        await().atMost(WAIT).until(() -> second.size() == 3);
        assertThat(second.subList(0, 2)).containsExactlyInAnyOrder(tasks(5).get(3), tasks(5).get(4)); // requeued
        assertThat(second.get(2)).isEqualTo(marker);
    }

    @Test
    void prefetchBoundsHowManyUnsettledMessagesAConsumerHolds() {
        List<Delivery<TaskMessage>> held = new CopyOnWriteArrayList<>();
        subscribe(1, held::add);
        broker.tasks().publish(tasks(5));
        await().atMost(WAIT).until(() -> held.size() == 1);

        List<Delivery<TaskMessage>> other = new CopyOnWriteArrayList<>();
        subscribe(10, other::add);
        await().atMost(WAIT).until(() -> other.size() == 4);
        assertThat(held).hasSize(1);

        held.get(0).ack();
        broker.tasks().publish(aMapTask().number(5).build());
        await().atMost(WAIT).until(() -> held.size() + other.size() == 6);
    }

    @Test
    void aNewPrefetchIsAFreshWindowBesideTheDeliveriesInHand() {
        List<Delivery<TaskMessage>> held = new CopyOnWriteArrayList<>();
        Subscription s = subscribe(1, held::add);
        broker.tasks().publish(tasks(6));
        await().atMost(WAIT).until(() -> held.size() == 1);
        s.setPrefetch(2);
        await().atMost(WAIT).until(() -> held.size() == 3);

        held.forEach(Delivery::ack);
        await().atMost(WAIT).until(() -> held.size() == 5);
        // Two unsettled fill the window of two: the last message must go to another consumer, not to this one.
        List<Delivery<TaskMessage>> other = new CopyOnWriteArrayList<>();
        subscribe(10, other::add);
        await().atMost(WAIT).until(() -> other.size() == 1);
        assertThat(held).hasSize(5);
        assertThat(held.stream().map(d -> d.message().taskNumber()).toList()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void higherPriorityTasksAreHandedOutFirstAndEqualOnesInOrder() {
        List<TaskMessage> queued = List.of(aMapTask().number(0).build(), aMapTask().number(1).priority(5).build(),
                aMapTask().number(2).priority(9).build(), aMapTask().number(3).build(),
                aMapTask().number(4).priority(5).build());
        broker.tasks().publish(queued);
        List<TaskMessage> got = new CopyOnWriteArrayList<>();
        subscribe(1, d -> {
            got.add(d.message());
            d.ack();
        });
        await().atMost(WAIT).until(() -> got.size() == 5);
        List<Integer> expected = queued.stream()
                .sorted(java.util.Comparator.comparingInt((TaskMessage t) -> -priorityBand(t.priority())))
                .map(TaskMessage::taskNumber).toList();
        assertThat(got).extracting(TaskMessage::taskNumber).containsExactlyElementsOf(expected);
        assertThat(got).extracting(TaskMessage::priority).doesNotContainSequence(0, 5).doesNotContainSequence(0, 9);
    }

    @Test
    void everyListenerHearsEveryWorkersBeacons() {
        List<io.warren.protocol.WorkerBeacon> first = new CopyOnWriteArrayList<>();
        List<io.warren.protocol.WorkerBeacon> second = new CopyOnWriteArrayList<>();
        subscriptions.add(broker.beacons().listen(first::add));
        subscriptions.add(broker.beacons().listen(second::add));
        var running = new io.warren.protocol.WorkerBeacon.RunningTask("job-1", io.warren.protocol.Phase.MAP, 3, 2,
                Instant.parse("2026-01-01T00:00:00Z"));
        var a = new io.warren.protocol.WorkerBeacon("host-1.a", "host-1", 2, List.of(running), 5, 1,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), 2_000, false);
        var b = new io.warren.protocol.WorkerBeacon("host-2.b", "host-2", 1, List.of(), 0, 0,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), 2_000, true);
        await().atMost(WAIT).untilAsserted(() -> {
            broker.beacons().announce(a);
            broker.beacons().announce(b);
            assertThat(first).contains(a, b);
            assertThat(second).contains(a, b);
        });
    }

    @Test
    void aRequeuedMessageComesBackMarkedRedelivered() {
        List<Delivery<TaskMessage>> got = new CopyOnWriteArrayList<>();
        subscribe(1, d -> {
            got.add(d);
            if (!d.redelivered()) d.requeue();
            else d.ack();
        });
        broker.tasks().publish(aMapTask().number(7).build());
        await().atMost(WAIT).until(() -> got.size() == 2);
        assertThat(got).extracting(Delivery::redelivered).containsExactly(false, true);
        assertThat(got.get(1).message()).isEqualTo(got.get(0).message());
    }

    @Test
    void closingASubscriptionHandsItsUnsettledMessagesToAnotherConsumer() {
        List<Delivery<TaskMessage>> dying = new CopyOnWriteArrayList<>();
        Subscription s = subscribe(2, dying::add);
        broker.tasks().publish(tasks(2));
        await().atMost(WAIT).until(() -> dying.size() == 2);
        s.close();

        List<Delivery<TaskMessage>> survivor = new CopyOnWriteArrayList<>();
        subscribe(10, d -> {
            survivor.add(d);
            d.ack();
        });
        await().atMost(WAIT).until(() -> survivor.size() == 2);
        assertThat(survivor).allMatch(Delivery::redelivered);
        assertThat(survivor).extracting(Delivery::message).containsExactlyInAnyOrderElementsOf(tasks(2));
    }

    @Test
    void aDeadLetteredMessageIsParkedWithItsReason() {
        subscribe(1, d -> d.deadLetter("cannot run this"));
        broker.tasks().publish(aMapTask().number(3).build());
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        await().atMost(WAIT).until(() -> {
            letters.addAll(broker.takeDeadLetters(10));
            return !letters.isEmpty();
        });
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason()).isEqualTo("cannot run this");
        assertThat(letters.get(0).sourceQueue()).endsWith(".tasks");
        assertThat(letters.get(0).bodyText()).contains("\"taskNumber\":3");
    }

    @Test
    void progressFollowersSeeOnlyTheJobTheyFollow() {
        List<JobUpdate> seen = new CopyOnWriteArrayList<>();
        Subscription follow = broker.progress().follow("job-a", seen::add);
        subscriptions.add(follow);
        JobUpdate other = new JobUpdate("job-b", JobState.MAPPING, 0, 1, 0, 1, "", Instant.EPOCH);
        JobUpdate mine = new JobUpdate("job-a", JobState.SUCCEEDED, 1, 1, 1, 1, "done", Instant.EPOCH);
        broker.progress().publish(other);
        broker.progress().publish(mine);
        await().atMost(WAIT).until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly(mine);
    }

    @Test
    void aRefusalReachesOnlyTheSubmitterOfThatVeryJobSpec() {
        var mine = io.warren.protocol.JobSpec.of("job-r", "wordcount", null, java.util.List.of("in"), "out", 1,
                java.util.Map.of("a", "1", "b", "2"));
        var theirs = io.warren.protocol.JobSpec.of("job-r", "grep", null, java.util.List.of("in"), "out", 1,
                java.util.Map.of());
        List<JobUpdate> me = new CopyOnWriteArrayList<>();
        List<JobUpdate> them = new CopyOnWriteArrayList<>();
        List<JobUpdate> jobFollower = new CopyOnWriteArrayList<>();
        subscriptions.add(broker.progress().follow(mine, me::add));
        subscriptions.add(broker.progress().follow(theirs, them::add));
        subscriptions.add(broker.progress().follow("job-r", jobFollower::add));
        JobUpdate refusal = new JobUpdate("job-r", JobState.FAILED, 0, 0, 0, 0, "refused: taken", Instant.EPOCH);
        broker.progress().refuse(mine, refusal);
        JobUpdate marker = new JobUpdate("job-r", JobState.MAPPING, 0, 1, 0, 1, "marker", Instant.EPOCH);
        broker.progress().publish(marker);
        await().atMost(WAIT).until(() -> me.size() == 2 && them.size() == 1 && jobFollower.size() == 1);
        assertThat(me).containsExactly(refusal, marker);
        assertThat(them).containsExactly(marker);
        assertThat(jobFollower).containsExactly(marker);
    }

    @Test
    void aControlCommandIsAnsweredToItsSenderAlone() {
        List<ControlAnswer> mine = new CopyOnWriteArrayList<>();
        List<ControlAnswer> theirs = new CopyOnWriteArrayList<>();
        subscriptions.add(broker.answers().listen("req-mine", mine::add));
        subscriptions.add(broker.answers().listen("req-theirs", theirs::add));
        // The coordinator's side: take each command off the control queue and answer its request id.
        subscriptions.add(broker.control().subscribe(1, d -> {
            JobCommand command = d.message();
            broker.answers().answer(new ControlAnswer(command.requestId(), command.jobId(),
                    ControlAnswer.Outcome.NO_SUCH_JOB, null, "no job " + command.jobId(), "test"));
            d.ack();
        }));
        broker.control().publish(new JobCommand.CancelJob("job-x", "because", "req-mine"));
        broker.control().publish(new JobCommand.CancelJob("job-y", null, "req-theirs"));
        await().atMost(WAIT).until(() -> mine.size() == 1 && theirs.size() == 1);
        assertThat(mine).singleElement().satisfies(a -> {
            assertThat(a.jobId()).isEqualTo("job-x");
            assertThat(a.outcome()).isEqualTo(ControlAnswer.Outcome.NO_SUCH_JOB);
            assertThat(a.message()).isEqualTo("no job job-x");
        });
        assertThat(theirs).extracting(ControlAnswer::jobId).containsExactly("job-y");
    }

    @Test
    void anAnswerNobodyWaitsForIsDroppedAndAClosedListenerHearsNothing() {
        List<ControlAnswer> gone = new CopyOnWriteArrayList<>();
        List<ControlAnswer> later = new CopyOnWriteArrayList<>();
        broker.answers().listen("req-gone", gone::add).close();
        broker.answers().answer(new ControlAnswer("req-gone", "job-g",
                ControlAnswer.Outcome.ALREADY_ENDED, JobState.SUCCEEDED, "", "test"));
        subscriptions.add(broker.answers().listen("req-later", later::add));
        ControlAnswer marker = new ControlAnswer("req-later", "job-l",
                ControlAnswer.Outcome.CANCELLED, JobState.CANCELLED, "", "test");
        broker.answers().answer(marker);
        await().atMost(WAIT).until(() -> !later.isEmpty());
        assertThat(later).containsExactly(marker);
        assertThat(gone).isEmpty();
    }

    @Test
    void aCommitRequestIsAnsweredToTheAskingWorkerAlone() {
        List<CommitAnswer> mine = new CopyOnWriteArrayList<>();
        List<CommitAnswer> theirs = new CopyOnWriteArrayList<>();
        subscriptions.add(broker.commits().listen("w-a-1", mine::add));
        subscriptions.add(broker.commits().listen("w-b-2", theirs::add));
        // The coordinator's side: the request comes on the events queue, the answer goes to the asking worker.
        subscriptions.add(broker.events().subscribe(1, d -> {
            if (d.message() instanceof WorkerEvent.CommitRequested asked) {
                broker.commits().answer(asked.workerId().equals("w-a-1") ? CommitAnswer.granted(asked)
                        : CommitAnswer.denied(asked, "attempt 1 on w-a-1 holds the commit grant"));
            }
            d.ack();
        }));
        broker.events().publish(new WorkerEvent.CommitRequested("job-c", Phase.REDUCE, 3, 1, "w-a-1", Instant.EPOCH));
        broker.events().publish(new WorkerEvent.CommitRequested("job-c", Phase.REDUCE, 3, 2, "w-b-2", Instant.EPOCH));
        await().atMost(WAIT).until(() -> mine.size() == 1 && theirs.size() == 1);
        assertThat(mine).singleElement().satisfies(a -> {
            assertThat(a.answers("job-c", 3, 1)).isTrue();
            assertThat(a.verdict()).isEqualTo(CommitAnswer.Verdict.GRANTED);
        });
        assertThat(theirs).singleElement().satisfies(a -> {
            assertThat(a.answers("job-c", 3, 2)).isTrue();
            assertThat(a.verdict()).isEqualTo(CommitAnswer.Verdict.DENIED);
            assertThat(a.reason()).contains("holds the commit grant");
        });
    }

    @Test
    void aCommitAnswerToAWorkerThatStoppedListeningIsDropped() {
        List<CommitAnswer> gone = new CopyOnWriteArrayList<>();
        List<CommitAnswer> later = new CopyOnWriteArrayList<>();
        broker.commits().listen("w-gone-1", gone::add).close();
        broker.commits().answer(new CommitAnswer("job-g", 0, 1, "w-gone-1", CommitAnswer.Verdict.GRANTED, ""));
        subscriptions.add(broker.commits().listen("w-later-1", later::add));
        CommitAnswer marker = new CommitAnswer("job-l", 0, 1, "w-later-1", CommitAnswer.Verdict.DENIED, "marker");
        broker.commits().answer(marker);
        await().atMost(WAIT).until(() -> !later.isEmpty());
        assertThat(later).containsExactly(marker);
        assertThat(gone).isEmpty();
    }

    @Test
    void aSpecsFingerprintIgnoresTheOrderOfItsParametersButNotTheirValues() throws Exception {
        var a = io.warren.protocol.Json.decode("{\"v\":1,\"jobId\":\"j\",\"app\":\"x\",\"params\":{\"a\":\"1\",\"b\":\"2\"}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), io.warren.protocol.JobSpec.class);
        var b = io.warren.protocol.Json.decode("{\"v\":1,\"jobId\":\"j\",\"app\":\"x\",\"params\":{\"b\":\"2\",\"a\":\"1\"}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), io.warren.protocol.JobSpec.class);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(a.withSplitSize(5L).fingerprint()).isNotEqualTo(a.fingerprint());
    }

    @Test
    void oneCoordinatorHoldsTheLeaseAtATimeAndAWaitingOneTakesItWhenItEnds() throws Exception {
        Leadership.Lease first = broker.awaitLeadership("first");
        java.util.concurrent.CompletableFuture<Leadership.Lease> second = new java.util.concurrent.CompletableFuture<>();
        Thread standby = new Thread(() -> {
            try {
                second.complete(broker.awaitLeadership("second"));
            } catch (InterruptedException e) {
                second.completeExceptionally(e);
            }
        }, "standby");
        standby.start();
        try {
            // Holding means the other keeps waiting: over several of its tries, it never gets the lease.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
            assertThat(first.isHeld()).isTrue();
            first.close();
            assertThat(first.isHeld()).isFalse();
            Leadership.Lease taken = second.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(taken.isHeld()).isTrue();
            taken.close();
        } finally {
            standby.interrupt();
        }
    }
}
