package io.warren.coordinator.domain;

/**
 * How many times a task may be tried. Two kinds of trouble are counted apart:
 * <ul>
 *   <li>runs whose user code threw: after {@code maxAttempts} of them the task fails;</li>
 *   <li>runs whose worker died, hung or was cut off (lost runs): {@code lostRuns}, a {@link PoisonPolicy} that
 *   knows the fleet, judges whether they are the task's doing. On its own (no fleet known, as in unit tests of a task)
 *   a task is poison after {@code maxAttempts} lost runs.</li>
 * </ul>
 * Backups of a straggler are attempts too, and stop once {@code maxAttempts} attempts have been published. The policy
 * alone decides whether a task gives up ({@link #afterLastRun}, {@link #poisoned}); the task only carries it out.
 */
public record RetryPolicy(int maxAttempts, LostRunJudge lostRuns) {
    /** Judges a task's lost runs: {@code lost} of {@code ended} runs (lost, failed or succeeded). */
    @FunctionalInterface
    public interface LostRunJudge {
        PoisonPolicy.Verdict judge(int lost, int ended);
    }

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }

    /** Lost runs counted alone: {@code maxAttempts} of them make a task poison. */
    public RetryPolicy(int maxAttempts) {
        this(maxAttempts, (lost, ended) -> lost >= maxAttempts
                ? new PoisonPolicy.Verdict(true, lost + " workers died or went silent while running this task; it may"
                        + " be crashing them (a poison task)")
                : new PoisonPolicy.Verdict(false, lost + " lost run(s)"));
    }

    /** This policy, with lost runs judged by {@code judge}. */
    public RetryPolicy judgingLostRunsBy(LostRunJudge judge) {
        return new RetryPolicy(maxAttempts, judge);
    }

    boolean mayBackUp(int attemptsSoFar, int lost, int ended) {
        return attemptsSoFar < maxAttempts && !lostRuns.judge(lost, ended).poison();
    }

    /** A succeeded map whose output was lost may be made again while it has had fewer attempts than this. */
    boolean mayRemake(int attemptsSoFar) {
        return attemptsSoFar < PoisonPolicy.LOST_RUNS_PER_ATTEMPT * maxAttempts;
    }

    PoisonPolicy.Verdict judgeLostRuns(int lost, int ended) {
        return lostRuns.judge(lost, ended);
    }

    /** Why a task gives up, in words for the job's error, and the detail kept with it (null: the last run's). */
    record GiveUp(String why, String detail) {
    }

    /**
     * Whether {@code task}, none of whose runs is alive or queued, gives up rather than go out again: once its runs
     * threw {@code maxAttempts} times, or once its lost runs make it poison.
     *
     * @return why it gives up, or null if it gets another attempt
     */
    GiveUp afterLastRun(Task task) {
        int failures = task.history().failed();
        if (failures >= maxAttempts) {
            return new GiveUp(task.id() + " failed " + failures + " time(s); last error: " + task.error(),
                    task.errorDetail());
        }
        GiveUp poison = poisoned(task.history());
        return poison == null ? null : new GiveUp(poison.why() + "; last: " + task.error(), null);
    }

    /** @return why a task whose runs are {@code runs} is poison, or null if its lost runs do not make it so */
    GiveUp poisoned(RunHistory runs) {
        PoisonPolicy.Verdict verdict = judgeLostRuns(runs.lost(), runs.ended());
        return verdict.poison() ? new GiveUp(verdict.reason(), null) : null;
    }
}
