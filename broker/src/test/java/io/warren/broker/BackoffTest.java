package io.warren.broker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
}
