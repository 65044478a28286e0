package io.warren.coordinator.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PoisonPolicyTest {
    private final MutableClock clock = new MutableClock();
    private final PoisonPolicy policy = PoisonPolicy.forMaxAttempts(4);

    private void otherRuns(int ended, int lost) {
        for (int i = 0; i < ended; i++) {
            policy.runEnded("job/map-" + (1000 + i), i < lost, clock.instant());
            clock.advance(Duration.ofMillis(100));
        }
    }

    /** How many runs, every one of them lost, the task loses before the policy condemns it. */
    private int lostRunsToCondemn(String task) {
        for (int lost = 1; lost <= 100; lost++) {
            if (policy.judge(task, lost, lost, clock.instant()).poison()) return lost;
        }
        throw new AssertionError("never condemned");
    }

    @Test
    void inAHealthyFleetATaskThatKillsEveryWorkerIsCondemnedAfterMaxAttemptsLostRuns() {
        otherRuns(200, 0);
        assertThat(lostRunsToCondemn("job/map-0")).isEqualTo(4);
        assertThat(policy.judge("job/map-0", 4, 4, clock.instant()).reason())
                .contains("the rest of the fleet lost 0 of 200 runs").contains("poison");
    }

    @Test
    void noTaskIsCondemnedForFewerThanMaxAttemptsLostRunsHoweverHealthyTheFleet() {
        otherRuns(10_000, 0);
        assertThat(policy.judge("job/map-0", 3, 3, clock.instant()).poison()).isFalse();
    }

    @Test
    void aFleetThatLosesAThirdOfItsRunsNeedsFarMoreEvidence() {
        otherRuns(300, 100);
        int needed = lostRunsToCondemn("job/map-0");
        assertThat(needed).isBetween(11, 20);
        // An innocent task, whose runs die a third of the time, loses that many in a row with a tiny chance.
        assertThat(Math.pow(1.0 / 3, needed)).isLessThan(PoisonPolicy.FALSE_ALARM);
    }

    @Test
    void runsThatSucceededAfterLossesWeighInTheTest() {
        otherRuns(300, 100);
        // Twelve lost runs in a row stand out against a third; twelve among twenty runs, eight of them failures of
        // the user's code, do not: losing more than a third of twenty happens.
        assertThat(policy.judge("job/map-0", 13, 13, clock.instant()).poison()).isTrue();
        assertThat(policy.judge("job/map-0", 13, 20, clock.instant()).poison()).isFalse();
    }

    @Test
    void workersDyingIdleCountAsTheFleetsDeaths() {
        otherRuns(30, 0);
        assertThat(policy.judge("job/map-0", 6, 6, clock.instant()).poison()).isTrue();
        for (int i = 0; i < 40; i++) policy.workerDiedIdle(clock.instant());
        assertThat(policy.judge("job/map-0", 6, 6, clock.instant()).poison()).isFalse();
    }

    @Test
    void theTasksOwnLostRunsAreNotItsBackground() {
        otherRuns(200, 0);
        for (int i = 0; i < 10; i++) policy.runEnded("job/map-0", true, clock.instant());
        assertThat(lostRunsToCondemn("job/map-0")).isEqualTo(4);
        // ... but they are another task's background: a poison task's victims raise the rate its neighbours are
        // judged by. 10 of 210 puts an upper rate near 0.07.
        assertThat(lostRunsToCondemn("job/map-1")).isEqualTo(5);
    }

    @Test
    void deathsOlderThanTheWindowAreForgotten() {
        otherRuns(300, 150);
        assertThat(policy.judge("job/map-0", 6, 6, clock.instant()).poison()).isFalse();
        clock.advance(PoisonPolicy.WINDOW.plusSeconds(1));
        otherRuns(200, 0);
        assertThat(policy.judge("job/map-0", 6, 6, clock.instant()).poison()).isTrue();
    }

    @Test
    void withNothingKnownOfTheFleetOnlyTheCapCondemns() {
        assertThat(lostRunsToCondemn("job/map-0")).isEqualTo(20);
        assertThat(policy.judge("job/map-0", 20, 20, clock.instant()).reason()).contains("the most any task may lose");
    }

    @Test
    void aFleetThatLosesEveryRunStillCannotKeepAPoisonTaskAliveBeyondTheCap() {
        otherRuns(1_000, 1_000);
        assertThat(lostRunsToCondemn("job/map-0")).isEqualTo(20);
    }

    @Test
    void theBackgroundKeepsOnlyTheLatestObservations() {
        otherRuns(PoisonPolicy.MAX_OBSERVATIONS, PoisonPolicy.MAX_OBSERVATIONS);
        for (int i = 0; i < PoisonPolicy.MAX_OBSERVATIONS; i++) policy.runEnded("job/map-x" + i, false, clock.instant());
        assertThat(lostRunsToCondemn("job/map-0")).isEqualTo(4);
    }

    @Test
    void theStatisticsAreRight() {
        assertThat(PoisonPolicy.tail(4, 4, 0.5)).isCloseTo(1.0 / 16, within(1e-12));
        assertThat(PoisonPolicy.tail(3, 2, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(PoisonPolicy.tail(10, 0, 0.3)).isEqualTo(1);
        assertThat(PoisonPolicy.upperRate(0, 0)).isEqualTo(1);
        assertThat(PoisonPolicy.upperRate(50, 100)).isBetween(0.55, 0.58);
        assertThat(PoisonPolicy.upperRate(0, 1000)).isBetween(0.001, 0.002);
    }

    @Test
    void boundsMustMakeSense() {
        assertThatThrownBy(() -> new PoisonPolicy(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PoisonPolicy(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
