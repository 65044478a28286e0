package io.warren.coordinator.domain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fleet's record of run ends and deaths, which the {@link PoisonPolicy} reads to judge a task's lost runs. Fed with
 * every run's end (as a task's counts of ended and lost runs grow), with the runs on record of a resumed job, and with
 * the workers that died idle; it hands out the retry policy that judges a task's lost runs against that background.
 */
final class PoisonLedger {
    private static final Logger log = LoggerFactory.getLogger(PoisonLedger.class);

    private final RetryPolicy retry;
    private final PoisonPolicy poison;

    /** A task's run counts before something happened to it; see {@link #runsEnded}. */
    record Counts(int lost, int ended) {
        static Counts of(Task task) {
            return new Counts(task.history().lost(), task.history().ended());
        }
    }

    PoisonLedger(RetryPolicy retry) {
        this.retry = retry;
        this.poison = PoisonPolicy.forMaxAttempts(retry.maxAttempts());
    }

    /**
     * The fleet's recent deaths, as a resumed job's runs on record tell them, so a restart keeps the background: the
     * runs that ended within the policy's window, oldest first, as many as it keeps (a hundred thousand tasks' runs are
     * not all looked at again).
     */
    void restore(Job job, Instant now) {
        Instant since = now.minus(PoisonPolicy.WINDOW);
        record Ended(long at, Task task, TaskRun run) {
        }
        List<Ended> ended = new ArrayList<>();
        for (Task task : job.tasks()) {
            for (TaskRun run : task.history().inOrder()) {
                if (run.endedAt() != null && !run.endedAt().isBefore(since) && PoisonPolicy.counts(run.outcome())) {
                    ended.add(new Ended(run.endedAt().toEpochMilli(), task, run));
                }
            }
        }
        ended.sort(Comparator.comparingLong(Ended::at));
        for (Ended e : ended.subList(Math.max(0, ended.size() - PoisonPolicy.MAX_OBSERVATIONS), ended.size())) {
            poison.runEnded(key(job, e.task()), PoisonPolicy.isLost(e.run().outcome()), e.run().endedAt());
        }
    }

    /** The retry policy for {@code task}, its lost runs judged against the rest of the fleet. */
    RetryPolicy policyFor(Job job, Task task, Instant now) {
        String key = key(job, task);
        return retry.judgingLostRunsBy((lost, ended) -> {
            PoisonPolicy.Verdict v = poison.judge(key, lost, ended, now);
            if (lost >= retry.maxAttempts()) log.info("job={} task={}: {}", job.id(), task.id(), v.reason());
            return v;
        });
    }

    /** Records the runs of {@code task} that ended since it had the counts {@code before}. */
    void runsEnded(Job job, Task task, Counts before, Instant now) {
        int lost = task.history().lost() - before.lost();
        int ended = task.history().ended() - before.ended();
        String key = key(job, task);
        for (int i = 0; i < ended; i++) poison.runEnded(key, i < lost, now);
    }

    /**
     * These workers fell silent while their last beacon said they ran nothing. Those that have no run alive and lost no
     * run in any job are deaths that no task caused, which the poison rule weighs; the others died of (or with) a task
     * whose lost run already tells it: a task that halts its JVM the moment it starts kills a worker whose last beacon
     * still said it was idle.
     */
    void workersDied(Collection<Job> active, List<String> workerIds, Instant now) {
        if (workerIds.isEmpty()) return;
        Set<String> ranSomething = new HashSet<>();
        for (Job job : active) {
            for (Task task : job.inFlight()) {
                for (TaskRun run : task.history().inOrder()) {
                    if (run.isOpen() || PoisonPolicy.isLost(run.outcome())) ranSomething.add(run.worker());
                }
            }
        }
        for (String id : workerIds) {
            if (!ranSomething.contains(id)) poison.workerDiedIdle(now);
        }
    }

    private static String key(Job job, Task task) {
        return job.id() + "/" + task.id();
    }
}
