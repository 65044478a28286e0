package io.warren.coordinator.status;

import io.warren.coordinator.domain.CounterSums;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.Phase;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the status views add up over a job's tasks: how many of each phase are in each state, and the job's counters
 * (as {@link JobRecord#counters()} sums them). A running job is read again at every look, and with a hundred thousand
 * tasks the sums would cost more than anything else a look does; but a follower hands the very same {@link TaskRecord}
 * for a task that did not change, so the sums of a running job are kept from one look to the next, and a look compares
 * each task with the one it counted last, by identity, and recounts only those that differ. What a look costs then is
 * a walk over references plus the changes since the last one. An ended job is summed whole and not kept: its record
 * no longer changes, and its summary is kept where it is shown.
 */
public final class JobTotals {
    /** Running jobs whose sums are kept at most: looks at more than this many at once sum some of them whole. */
    private static final int KEPT_JOBS = 64;

    /**
     * @param taskCounts each phase's tasks by state, every state named: {@code {"map": {"pending": 3, ...}, ...}}
     * @param counters   the job's counters, by name
     */
    public record Totals(Map<String, Map<String, Integer>> taskCounts, Map<String, Long> counters, long mapsDone,
                         long reducesDone) {
    }

    private final Map<String, Sums> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sums> eldest) {
            return size() > KEPT_JOBS;
        }
    };

    public Totals of(JobRecord job) {
        if (job.state().isTerminal()) {
            forget(job.jobId());
            return new Sums(job).totals();
        }
        Sums sums;
        synchronized (kept) {
            sums = kept.get(job.jobId());
            if (sums == null || !sums.fits(job)) {
                sums = new Sums(job);
                kept.put(job.jobId(), sums);
                return sums.totals();
            }
        }
        return sums.update(job);
    }

    private void forget(String jobId) {
        synchronized (kept) {
            kept.remove(jobId);
        }
    }

    /** One job's sums, and the tasks they count. */
    private static final class Sums {
        private final TaskRecord[][] seen = new TaskRecord[Phase.values().length][];
        private final int[][] byState = new int[Phase.values().length][TaskState.values().length];
        /** The succeeded tasks' counters. */
        private final CounterSums counters = new CounterSums();

        Sums(JobRecord job) {
            for (Phase p : Phase.values()) {
                List<TaskRecord> tasks = tasks(job, p);
                seen[p.ordinal()] = tasks.toArray(TaskRecord[]::new);
                for (TaskRecord t : tasks) add(p, t, 1);
            }
        }

        /** Whether {@code job} has the tasks these sums count: the same number in each phase. */
        boolean fits(JobRecord job) {
            for (Phase p : Phase.values()) {
                if (tasks(job, p).size() != seen[p.ordinal()].length) return false;
            }
            return true;
        }

        synchronized Totals update(JobRecord job) {
            for (Phase p : Phase.values()) {
                TaskRecord[] last = seen[p.ordinal()];
                List<TaskRecord> now = tasks(job, p);
                for (int i = 0; i < last.length; i++) {
                    TaskRecord t = now.get(i);
                    if (t == last[i]) continue;
                    add(p, last[i], -1);
                    add(p, t, 1);
                    last[i] = t;
                }
            }
            return totals();
        }

        private void add(Phase p, TaskRecord t, int sign) {
            byState[p.ordinal()][t.state().ordinal()] += sign;
            if (t.state() != TaskState.SUCCEEDED) return;
            if (sign > 0) counters.add(t.counters());
            else counters.remove(t.counters());
        }

        synchronized Totals totals() {
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            for (Phase p : Phase.values()) {
                Map<String, Integer> states = new LinkedHashMap<>();
                for (TaskState s : TaskState.values()) {
                    states.put(s.name().toLowerCase(Locale.ROOT), byState[p.ordinal()][s.ordinal()]);
                }
                counts.put(p.wireName(), states);
            }
            int succeeded = TaskState.SUCCEEDED.ordinal();
            return new Totals(counts, counters.sums(), byState[Phase.MAP.ordinal()][succeeded],
                    byState[Phase.REDUCE.ordinal()][succeeded]);
        }

        private static List<TaskRecord> tasks(JobRecord job, Phase p) {
            return p == Phase.MAP ? job.maps() : job.reduces();
        }
    }
}
