package io.warren.worker;

import io.warren.protocol.Phase;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.Delivery;
import io.warren.broker.port.DurableQueue;
import io.warren.broker.port.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.warren.protocol.testing.Tasks.aMapTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReporterTest {
    private final Events events = new Events();
    private final Reporter reporter = new Reporter(events);

    @AfterEach
    void close() {
        events.release.countDown();
        reporter.close();
    }

    @Test
    void aTaskIsAcknowledgedOnlyOnceItsOutcomeIsConfirmedAndThenItsCallbackRuns() throws Exception {
        Held first = new Held();
        AtomicInteger done = new AtomicInteger();
        reporter.report(report(0, first, done::incrementAndGet));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.publishing.get() == 1);
        assertThat(first.settled).isEmpty(); // the confirm has not come back yet
        assertThat(done).hasValue(0);

        events.release.countDown();
        assertThat(reporter.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(first.settled).containsExactly("ack");
        assertThat(done).hasValue(1);
    }

    @Test
    void outcomesThatFinishWhileAConfirmIsAwaitedGoOutTogether() throws Exception {
        List<Held> held = List.of(new Held(), new Held(), new Held(), new Held());
        reporter.report(report(0, held.get(0), () -> { }));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.publishing.get() == 1);
        for (int i = 1; i < held.size(); i++) reporter.report(report(i, held.get(i), () -> { }));

        events.release.countDown();
        assertThat(reporter.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(events.batches).containsExactly(List.of(0), List.of(1, 2, 3));
        held.forEach(h -> assertThat(h.settled).containsExactly("ack"));
    }

    @Test
    void tasksWhoseOutcomeCannotBeConfirmedGoBackToTheQueue() throws Exception {
        events.fail = true;
        events.release.countDown();
        Held held = new Held();
        AtomicInteger done = new AtomicInteger();
        reporter.report(report(0, held, done::incrementAndGet));
        assertThat(reporter.drain(Duration.ofSeconds(10))).isTrue();
        assertThat(held.settled).containsExactly("requeue");
        assertThat(done).hasValue(0);
    }

    @Test
    void drainingGivesUpAfterItsTimeoutWhileAConfirmIsMissing() throws Exception {
        reporter.report(report(0, new Held(), () -> { }));
        assertThat(reporter.drain(Duration.ofMillis(200))).isFalse();
    }

    private static Reporter.Report report(int task, Held delivery, Runnable done) {
        TaskMessage message = aMapTask().number(task).build();
        WorkerEvent outcome = new WorkerEvent.TaskCompleted(message.jobId(), Phase.MAP, task, 1, "w-1", Instant.now(),
                Map.of());
        delivery.message = message;
        return new Reporter.Report(message, delivery, outcome, done);
    }

    /** Events whose publish blocks until released, as a broker slow to confirm, and records what each publish held. */
    private static final class Events implements DurableQueue<WorkerEvent> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger publishing = new AtomicInteger();
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        volatile boolean fail;

        @Override
        public void publish(List<WorkerEvent> messages) {
            publishing.incrementAndGet();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) throw new BrokerUnavailable("no confirm", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerUnavailable("interrupted", e);
            }
            if (fail) throw new BrokerUnavailable("broker did not confirm", null);
            batches.add(messages.stream().map(WorkerEvent::taskNumber).toList());
        }

        @Override
        public Subscription subscribe(int prefetch, Consumer<io.warren.broker.port.Delivery<WorkerEvent>> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int consumers() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Held implements Delivery<TaskMessage> {
        final List<String> settled = new CopyOnWriteArrayList<>();
        TaskMessage message;

        @Override
        public TaskMessage message() {
            return message;
        }

        @Override
        public boolean redelivered() {
            return false;
        }

        @Override
        public void ack() {
            settled.add("ack");
        }

        @Override
        public void requeue() {
            settled.add("requeue");
        }

        @Override
        public void deadLetter(String reason) {
            settled.add("dead-letter");
        }
    }
}
