package io.warren.broker.rabbit;

import io.warren.broker.port.Delivery;
import io.warren.broker.port.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Priorities over one queue per band, without a broker: the bands' consumers are fakes fed by the test. */
class BandOrderTest {
    private final List<Consumer<Delivery<String>>> feeds = new ArrayList<>(List.of(d -> { }, d -> { }, d -> { }));
    private final List<FakeBand> bands = new ArrayList<>();
    private final List<Delivery<String>> handed = new CopyOnWriteArrayList<>();
    private final AtomicLong readyInBand2 = new AtomicLong();
    private BandOrder<String> order;

    private static final class FakeBand implements Subscription {
        int prefetch;
        boolean stopped;
        boolean closed;

        @Override
        public void setPrefetch(int prefetch) {
            this.prefetch = prefetch;
        }

        @Override
        public void stopConsuming() {
            stopped = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class FakeDelivery implements Delivery<String> {
        final String message;
        String settled;

        FakeDelivery(String message) {
            this.message = message;
        }

        @Override
        public String message() {
            return message;
        }

        @Override
        public boolean redelivered() {
            return false;
        }

        @Override
        public void ack() {
            settled = "ack";
        }

        @Override
        public void requeue() {
            settled = "requeue";
        }

        @Override
        public void deadLetter(String reason) {
            settled = "dead";
        }
    }

    private void subscribe(int prefetch) {
        order = BandOrder.subscribe(3, prefetch, handed::add, band -> band == 2 ? readyInBand2.get() : 0,
                (band, feed) -> {
                    feeds.set(band, feed);
                    FakeBand b = new FakeBand();
                    b.prefetch = prefetch;
                    bands.add(b);
                    return b;
                });
    }

    private FakeDelivery feed(int band, String message) {
        FakeDelivery d = new FakeDelivery(message);
        feeds.get(band).accept(d);
        return d;
    }

    @AfterEach
    void close() {
        if (order != null) order.close();
    }

    @Test
    void waitingDeliveriesGoOutHighestBandFirstAndInArrivalOrderWithinABand() {
        subscribe(1);
        feed(0, "low-a");                 // handed at once: nothing else waits, and no higher band has anything ready
        feed(0, "low-b");
        feed(1, "mid");
        feed(2, "high-a");
        feed(2, "high-b");
        assertThat(handed).extracting(Delivery::message).containsExactly("low-a");

        for (int i = 0; i < 4; i++) handed.get(i).ack();

        assertThat(handed).extracting(Delivery::message).containsExactly("low-a", "high-a", "high-b", "mid", "low-b");
    }

    @Test
    void noMoreThanThePrefetchIsInHandAndANewPrefetchIsAFreshWindowForEveryBand() {
        subscribe(2);
        for (int i = 0; i < 5; i++) feed(0, "t" + i);
        assertThat(handed).hasSize(2);

        order.setPrefetch(3);

        assertThat(handed).hasSize(5);
        assertThat(bands).allSatisfy(b -> assertThat(b.prefetch).isEqualTo(3));
    }

    @Test
    void aLowerTaskWaitsWhileAHigherBandHasTasksReadyThatAreOnTheirWay() {
        subscribe(1);
        readyInBand2.set(1);
        feed(0, "low");
        assertThat(handed).isEmpty();

        feed(2, "high");                  // its delivery arrives
        readyInBand2.set(0);

        assertThat(handed).extracting(Delivery::message).containsExactly("high");
        handed.get(0).ack();
        assertThat(handed).extracting(Delivery::message).containsExactly("high", "low");
    }

    @Test
    void aLowerTaskWaitsForAHigherOneThatLeftItsQueueButIsNotHereYet() {
        subscribe(1);
        readyInBand2.set(2);
        feed(0, "low");
        feed(2, "high-1");
        readyInBand2.set(0);              // the broker pushes high-2 once high-1 is acked: no longer ready, not here yet

        handed.get(0).ack();
        assertThat(handed).extracting(Delivery::message).containsExactly("high-1");

        feed(2, "high-2");
        assertThat(handed).extracting(Delivery::message).containsExactly("high-1", "high-2");
        handed.get(1).ack();
        assertThat(handed).extracting(Delivery::message).containsExactly("high-1", "high-2", "low");
    }

    @Test
    void aHigherBandThatTurnsOutEmptyIsAskedAgainAndTheLowerTaskGoesOut() {
        subscribe(1);
        readyInBand2.set(1);
        feed(0, "low");
        assertThat(handed).isEmpty();

        readyInBand2.set(0);              // another consumer took it

        await().atMost(Duration.ofSeconds(5)).until(() -> handed.size() == 1);
        assertThat(handed.get(0).message()).isEqualTo("low");
    }

    @Test
    void stoppingHandsTheWaitingDeliveriesBackAndKeepsThoseInHand() {
        subscribe(1);
        FakeDelivery inHand = feed(0, "a");
        FakeDelivery waiting = feed(0, "b");

        order.stopConsuming();

        assertThat(waiting.settled).isEqualTo("requeue");
        assertThat(inHand.settled).isNull();
        assertThat(bands).allMatch(b -> b.stopped);
        handed.get(0).ack();
        assertThat(inHand.settled).isEqualTo("ack");
        assertThat(handed).hasSize(1);
    }
}
