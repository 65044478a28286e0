package io.warren.coordinator.status;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.Phase;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Which of a job's tasks a view shows, so that a job of 100,000 tasks is not sent whole every time it is looked at.
 * Two ways:
 * <ul>
 *   <li>the tasks to look at first, at most {@code limit} per phase: those not succeeded (running, waiting, failed),
 *       then the most recently finished; in task order;</li>
 *   <li>a page: the tasks of one phase and/or some states, in task order, {@code limit} of them from {@code offset}.</li>
 * </ul>
 * Either way the map inputs are left out; with no limit and no filter the job is shown whole.
 *
 * @param limit  tasks per phase at most; null for all of them
 * @param phase  only this phase's tasks; null for both
 * @param states only tasks in these states; empty for every state
 * @param offset tasks skipped (in a page)
 */
public record TaskSelection(Integer limit, Phase phase, Set<TaskState> states, int offset) {
    public TaskSelection {
        if (limit != null && limit < 0) throw new IllegalArgumentException("tasks must be >= 0, got " + limit);
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(states);
    }

    /** The tasks to look at first, at most {@code limit} per phase. */
    public static TaskSelection toLookAt(int limit) {
        return new TaskSelection(limit, null, Set.of(), 0);
    }

    /** Every task: the job whole. */
    public static TaskSelection all() {
        return new TaskSelection(null, null, Set.of(), 0);
    }

    /** Whether this is a page (a filter or an offset) rather than the tasks to look at first. */
    public boolean paged() {
        return phase != null || !states.isEmpty() || offset > 0;
    }

    /**
     * Reads {@code tasks=N|all}, {@code phase=map|reduce}, {@code state=S[,S...]} (task states, any case) and
     * {@code offset=N} from a URL's raw query.
     *
     * @throws IllegalArgumentException naming the parameter that is not understood, and what it takes
     */
    public static TaskSelection parse(String rawQuery, int defaultLimit) {
        Integer limit = defaultLimit;
        Phase phase = null;
        Set<TaskState> states = EnumSet.noneOf(TaskState.class);
        int offset = 0;
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) continue;
                String name = pair.substring(0, eq);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
                switch (name) {
                    case "tasks" -> limit = value.equalsIgnoreCase("all") ? null : count(name, value);
                    case "offset" -> offset = count(name, value);
                    case "phase" -> phase = phase(value);
                    case "state" -> {
                        for (String s : value.split(",")) states.add(state(s.strip()));
                    }
                    default -> {
                        // other parameters are not the selection's
                    }
                }
            }
        }
        return new TaskSelection(limit, phase, states, offset);
    }

    private static int count(String name, String value) {
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(name + " takes a whole number" + (name.equals("tasks") ? " or all" : "")
                    + ", got '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private static Phase phase(String value) {
        for (Phase p : Phase.values()) {
            if (p.wireName().equalsIgnoreCase(value) || p.name().equalsIgnoreCase(value)) return p;
        }
        throw new IllegalArgumentException("phase takes map or reduce, got '" + value + "'");
    }

    private static TaskState state(String value) {
        for (TaskState s : TaskState.values()) {
            if (s.name().equalsIgnoreCase(value)) return s;
        }
        throw new IllegalArgumentException("state takes one or more of " + EnumSet.allOf(TaskState.class).toString()
                .toLowerCase(Locale.ROOT) + ", comma-separated; got '" + value + "'");
    }

    /** The job with only the selected tasks (and no map inputs), or the job itself when every task is selected. */
    public JobRecord apply(JobRecord job) {
        if (limit == null && !paged()) return job;
        return new JobRecord(job.jobId(), job.spec(), job.state(), job.submittedAt(), job.finishedAt(), job.error(),
                job.errorDetail(), List.of(), select(job.maps(), Phase.MAP), select(job.reduces(), Phase.REDUCE));
    }

    private List<TaskRecord> select(List<TaskRecord> tasks, Phase of) {
        if (phase != null && phase != of) return List.of();
        int max = limit == null ? Integer.MAX_VALUE : limit;
        if (!paged()) return firstToLookAt(tasks, max);
        List<TaskRecord> page = new ArrayList<>(Math.min(max, 1024));
        int skipped = 0;
        for (TaskRecord t : tasks) {
            if (page.size() >= max) break;
            if (!states.isEmpty() && !states.contains(t.state())) continue;
            if (skipped++ < offset) continue;
            page.add(t);
        }
        return page;
    }

    /**
     * The {@code limit} tasks that need looking at first, in task order: those not succeeded, then the latest finished.
     * O(tasks × log limit) at most, so that a big job's page costs little more than a walk over its tasks. The tasks
     * still unfinished come first, by number, so they are taken as met; the others go through a heap of the best kept,
     * met from the last task back: tasks are dispatched in order and finish roughly so, so the walk meets the ones it
     * keeps first and a task met later seldom displaces one (a walk forwards displaced one at almost every task, and
     * cost most of a look at a 100,000-task job).
     */
    static List<TaskRecord> firstToLookAt(List<TaskRecord> tasks, int limit) {
        if (tasks.size() <= limit) return tasks;
        List<TaskRecord> out = new ArrayList<>(limit);
        for (TaskRecord t : tasks) {
            if (out.size() == limit) return out;
            if (unfinished(t)) out.add(t);
        }
        PriorityQueue<TaskRecord> kept = new PriorityQueue<>(limit + 1, FIRST.reversed()); // the worst kept on top
        int room = limit - out.size();
        for (int i = tasks.size() - 1; i >= 0 && room > 0; i--) {
            TaskRecord t = tasks.get(i);
            if (unfinished(t)) continue;
            if (kept.size() < room) {
                kept.add(t);
            } else if (FIRST.compare(t, kept.peek()) < 0) {
                kept.poll();
                kept.add(t);
            }
        }
        out.addAll(kept);
        out.sort(Comparator.comparingInt(TaskRecord::number));
        return out;
    }

    /** Not succeeded and not finished: ahead of every other task, by {@link #FIRST}. */
    private static boolean unfinished(TaskRecord t) {
        return t.state() != TaskState.SUCCEEDED && t.finishedAt() == null;
    }

    /** Not succeeded before succeeded, then the latest finished (unfinished first), then by number. */
    private static final Comparator<TaskRecord> FIRST = (a, b) -> {
        boolean aDone = a.state() == TaskState.SUCCEEDED;
        if (aDone != (b.state() == TaskState.SUCCEEDED)) return aDone ? 1 : -1;
        Instant af = a.finishedAt();
        Instant bf = b.finishedAt();
        if (af != bf) {
            if (af == null) return -1;
            if (bf == null) return 1;
            int c = bf.compareTo(af);
            if (c != 0) return c;
        }
        return Integer.compare(a.number(), b.number());
    };
}
