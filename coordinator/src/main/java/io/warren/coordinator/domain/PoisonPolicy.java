package io.warren.coordinator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;

/**
 * Tells a task that kills the workers running it (a poison task) from a fleet that loses workers whatever they run.
 * A lost run (its worker died, hung or was cut off) is evidence against a task only as far as it stands out against
 * the fleet's background: the runs of every other task that ended recently, and the workers that died idle. So the
 * verdict is a test: how likely is it that an innocent task, whose runs die as often as everyone else's, loses
 * {@code lost} of its {@code ended} runs? When that chance is below {@link #FALSE_ALARM} (one innocent task in a
 * hundred thousand), the task is poison.
 * <p>
 * The fleet's death rate is estimated from the last {@link #WINDOW} (at most {@link #MAX_OBSERVATIONS} run ends), as
 * the upper end of a 90% Wilson interval, so that a rate read from few runs is taken as high: little evidence of a
 * healthy fleet never condemns a task that merely shared the fleet's bad luck. Two bounds keep it finite:
 * <ul>
 *   <li>no task is condemned before it has lost {@code minLostRuns} runs (the old rule, {@code maxAttempts});</li>
 *   <li>a task that has lost {@code maxLostRuns} runs is condemned whatever the fleet does: with every run of every
 *   task dying, nothing can finish anyway, and a task that kills its workers must not kill them without end.</li>
 * </ul>
 * Plain data on the coordinator's thread; time comes with each call, so tests drive it with a fake clock.
 */
public final class PoisonPolicy {
    /** The chance, for an innocent task, of being condemned; the test's significance level. */
    public static final double FALSE_ALARM = 1e-5;
    /** How far back the fleet's background is read. */
    public static final Duration WINDOW = Duration.ofMinutes(10);
    public static final int MAX_OBSERVATIONS = 10_000;
    /** {@code maxLostRuns} is this many times {@code maxAttempts}. */
    public static final int LOST_RUNS_PER_ATTEMPT = 5;
    /** z of a one-sided 90% interval. */
    private static final double Z = 1.2816;

    private final int minLostRuns;
    private final int maxLostRuns;
    private final Deque<Observation> window = new ArrayDeque<>();

    /** A run's end, or an idle worker's death ({@code task} null, counted as one lost run of nobody's). */
    private record Observation(String task, Instant at, boolean lost) {
    }

    /** What the policy concluded about a task, and why, in words for the job's error. */
    public record Verdict(boolean poison, String reason) {
    }

    public PoisonPolicy(int minLostRuns, int maxLostRuns) {
        if (minLostRuns < 1 || maxLostRuns < minLostRuns) {
            throw new IllegalArgumentException("need 1 <= minLostRuns <= maxLostRuns, got " + minLostRuns + " and "
                    + maxLostRuns);
        }
        this.minLostRuns = minLostRuns;
        this.maxLostRuns = maxLostRuns;
    }

    /** The policy for tasks of {@code maxAttempts}: at least that many lost runs, at most five times as many. */
    public static PoisonPolicy forMaxAttempts(int maxAttempts) {
        return new PoisonPolicy(maxAttempts, LOST_RUNS_PER_ATTEMPT * maxAttempts);
    }

    /** Whether a run that ended so is weighed at all: it lost its worker, its code failed, or it won. */
    static boolean counts(TaskRun.Outcome outcome) {
        return outcome == TaskRun.Outcome.SUCCEEDED || outcome == TaskRun.Outcome.FAILED || isLost(outcome);
    }

    /** Whether a run that ended so lost its worker. */
    static boolean isLost(TaskRun.Outcome outcome) {
        return outcome == TaskRun.Outcome.LOST || outcome == TaskRun.Outcome.TIMED_OUT;
    }

    /** A run of {@code task} ended: it succeeded or its code failed ({@code lost} false), or its worker was lost. */
    public void runEnded(String task, boolean lost, Instant at) {
        Objects.requireNonNull(task);
        add(new Observation(task, at, lost));
    }

    /** A worker died while running nothing: a death no task caused. */
    public void workerDiedIdle(Instant at) {
        add(new Observation(null, at, true));
    }

    private void add(Observation o) {
        window.addLast(o);
        while (window.size() > MAX_OBSERVATIONS) window.removeFirst();
    }

    /**
     * Whether {@code task}, which lost {@code lost} of its {@code ended} runs (lost, failed or succeeded), is poison.
     */
    public Verdict judge(String task, int lost, int ended, Instant now) {
        if (lost < minLostRuns) return new Verdict(false, lost + " lost run(s), fewer than " + minLostRuns);
        if (lost >= maxLostRuns) {
            return new Verdict(true, lost + " workers died or went silent while running this task, the most any task"
                    + " may lose; it may be crashing them (a poison task)");
        }
        forget(now);
        int otherLost = 0;
        int otherEnded = 0;
        for (Observation o : window) {
            if (task.equals(o.task())) continue;
            otherEnded++;
            if (o.lost()) otherLost++;
        }
        double rate = upperRate(otherLost, otherEnded);
        double chance = tail(Math.max(ended, lost), lost, rate);
        String background = String.format(Locale.ROOT, "the rest of the fleet lost %d of %d runs in the last %d"
                + " minutes (a rate of at most %.2f)", otherLost, otherEnded, WINDOW.toMinutes(), rate);
        if (chance < FALSE_ALARM) {
            return new Verdict(true, String.format(Locale.ROOT, "%d workers died or went silent while running this"
                    + " task, while %s: an innocent task would lose so many with a chance of %.1g; it is crashing"
                    + " them (a poison task)", lost, background, chance));
        }
        return new Verdict(false, String.format(Locale.ROOT, "%d lost run(s), which %s explains (chance %.1g)",
                lost, background, chance));
    }

    private void forget(Instant now) {
        Instant oldest = now.minus(WINDOW);
        while (!window.isEmpty() && window.peekFirst().at().isBefore(oldest)) window.removeFirst();
    }

    /** The upper end of the one-sided 90% Wilson interval of a rate of {@code k} in {@code n}; 1 with no data. */
    static double upperRate(int k, int n) {
        if (n == 0) return 1;
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2.0 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return Math.min(1, (centre + spread) / (1 + z2 / n));
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    static double tail(int n, int k, double p) {
        if (k <= 0) return 1;
        if (p >= 1) return 1;
        if (p <= 0) return 0;
        double sum = 0;
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        for (int i = k; i <= n; i++) {
            sum += Math.exp(logChoose(n, i) + i * logP + (n - i) * logQ);
        }
        return Math.min(1, sum);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
        return s;
    }
}
