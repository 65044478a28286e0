package io.warren.broker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void pausesDoubleFromTheFirstUpToTheCapEachShortenedByAtMostAFifth() {
        Backoff backoff = new Backoff();
        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 10; i++) pauses.add(backoff.next());
        long base = Backoff.FIRST.toMillis();
        for (Duration pause : pauses) {
            assertThat(pause.toMillis()).isBetween(base - base / 5 - 1, base);
            base = Math.min(Backoff.MAX.toMillis(), base * 2);
        }
        assertThat(pauses.get(9).toMillis()).isGreaterThanOrEqualTo(Backoff.MAX.toMillis() * 4 / 5 - 1);
    }

    @Test
    void resetStartsOverFromTheFirstPause() {
        Backoff backoff = new Backoff();
        for (int i = 0; i < 6; i++) backoff.next();
        backoff.reset();
        assertThat(backoff.next()).isLessThanOrEqualTo(Backoff.FIRST);
    }

    @Test
    void thePauseBeforeALateRetryStaysAtTheCap() {
        assertThat(Backoff.before(1)).isLessThanOrEqualTo(Backoff.FIRST);
        assertThat(Backoff.before(3)).isBetween(Backoff.FIRST.multipliedBy(4).multipliedBy(4).dividedBy(5),
                Backoff.FIRST.multipliedBy(4));
        assertThat(Backoff.before(1_000)).isBetween(Backoff.MAX.multipliedBy(4).dividedBy(5), Backoff.MAX);
        assertThatThrownBy(() -> Backoff.before(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryTriesAgainAfterAFailureOrNoResultUntilTheStepGivesOne() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        String result = Backoff.retry(Duration.ofSeconds(30), () -> switch (tries.incrementAndGet()) {
            case 1 -> throw new IOException("broker away");
            case 2 -> null;
            default -> "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(tries).hasValue(3);
    }

    @Test
    void retryGivesUpWhenItsTimeIsUpWithTheLastFailureAsTheCause() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Backoff.retry(Duration.ofMillis(200), () -> {
            throw new IOException("try " + tries.incrementAndGet());
        })).isInstanceOf(Backoff.GaveUp.class)
                .cause().hasMessage("try " + tries.get());
        // a first pause of at most 100 ms fits, a second of at least 160 ms more does not
        assertThat(tries.get()).isBetween(1, 2);
    }

    @Test
    void anInterruptedStepEndsTheRetryAtOnce() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Backoff.retryForever(() -> {
            tries.incrementAndGet();
            throw new InterruptedException("stop");
        })).isInstanceOf(InterruptedException.class);
        assertThat(tries).hasValue(1);
    }
}
