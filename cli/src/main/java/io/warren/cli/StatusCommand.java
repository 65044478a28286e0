package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.domain.TaskState;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.StepRecord;
import io.warren.coordinator.status.ReduceSkew;
import io.warren.coordinator.pipeline.PipelineStore;
import io.warren.coordinator.storage.StateStores;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.domain.JobReader;
import io.warren.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Reads the coordinator's job records from the shared storage. Works whether or not a coordinator is running. */
@Command(name = "status", mixinStandardHelpOptions = true, description = {"Show jobs, or one job: a summary and its "
        + "tasks (of a job of more than " + StatusCommand.ALL_TASKS_UP_TO + " tasks, those to look at: failed, slow, "
        + "running, retried). Times are local."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StorageOption storage;

    /** A job of at most this many tasks has every task listed; a bigger one, the tasks to look at. */
    static final int ALL_TASKS_UP_TO = 20;
    /** Tasks to look at listed at most, so that the summary stays on a screen. */
    static final int ROWS = 20;

    @Parameters(arity = "0..1", paramLabel = "JOB", description = "A job id: show its summary and tasks. A pipeline's"
            + " id: its steps, and the job of the step it is in.")
    String jobId;

    @Option(names = "--all", description = "List every task of the job, however many.")
    boolean all;

    @Option(names = "--json", description = "Print the records as JSON.")
    boolean json;

    @Override
    public Integer call() {
        JobStore store = StateStores.jobs(storage.layout());
        PipelineStore pipelines = StateStores.pipelines(storage.layout());
        PrintStream out = System.out;
        if (jobId == null) {
            List<JobRecord> jobs = store.loadAll();
            List<PipelineRecord> all = pipelines.loadAll();
            if (json) {
                // The jobs' records, steps' jobs among them, as before pipelines: scripts read this array.
                // A pipeline's own record is status PIPELINE --json.
                out.println(Json.encodeToString(jobs));
            } else if (jobs.isEmpty() && all.isEmpty()) {
                out.println("no jobs under " + StateStores.describe(storage.layout()));
            } else {
                printAll(out, Units.of(jobs, all).all(), Instant.now());
            }
            return 0;
        }
        var job = store.load(jobId);
        if (job.isEmpty()) {
            var pipeline = pipelines.load(jobId);
            if (pipeline.isPresent()) {
                if (json) out.println(Json.encodeToString(pipeline.get()));
                else printPipeline(out, pipeline.get(), store, all, Instant.now());
                return 0;
            }
            System.err.println("no job or pipeline " + jobId + " under " + StateStores.describe(storage.layout()));
            return 1;
        }
        if (json) {
            out.println(Json.encodeToString(job.get()));
            return 0;
        }
        printJob(out, job.get(), all, Instant.now());
        return 0;
    }

    /** Every job, one row each; a pipeline's row has its steps' jobs beneath it. */
    static void printAll(PrintStream out, List<Units.Unit> units, Instant now) {
        Table table = new Table("JOB", "STATE", "MAPS", "REDUCES", "SUBMITTED", "DURATION", "APP");
        for (Units.Unit u : units) {
            if (u.job() != null) {
                JobRecord j = u.job();
                table.row(j.jobId(), j.state(), j.mapsDone() + "/" + j.maps().size(),
                        j.reducesDone() + "/" + j.reduces().size(), Cells.dateTime(j.submittedAt()),
                        duration(j.submittedAt(), j.finishedAt(), now), Cells.app(j.spec().appName()));
                continue;
            }
            PipelineRecord p = u.pipeline();
            table.row(p.pipelineId(), p.state(), "step " + (p.current() + 1) + "/" + p.steps().size(), "",
                    Cells.dateTime(p.submittedAt()), duration(p.submittedAt(), p.finishedAt(), now), Units.describe(p));
            for (StepRecord s : p.steps()) {
                var j = u.stepJob(s);
                table.row(Units.stepLabel(s), Units.stepState(u, s), j.map(r -> r.mapsDone() + "/" + r.maps().size()).orElse("-"),
                        j.map(r -> r.reducesDone() + "/" + r.reduces().size()).orElse("-"),
                        s.startedAt() == null ? "-" : Cells.dateTime(s.startedAt()),
                        s.startedAt() == null ? "-" : duration(s.startedAt(), s.finishedAt(), now),
                        j.map(r -> Cells.app(String.valueOf(r.spec().appName()))).orElse("-"));
            }
        }
        table.print(out, 0);
    }

    /** A pipeline: its state, its steps, and the job of the step it is in (or ended in) as {@link #printJob} shows it. */
    static void printPipeline(PrintStream out, PipelineRecord p, JobReader store, boolean allTasks, Instant now) {
        out.printf("pipeline %s  %s  step %d/%d  %s%n", p.pipelineId(), p.state(), p.current() + 1, p.steps().size(),
                duration(p.submittedAt(), p.finishedAt(), now));
        out.printf("submitted %s (times are local)  output %s%s%n", Cells.dateTime(p.submittedAt()),
                JobOptions.outputs(p.spec()), p.spec().keepsIntermediate() ? "  (intermediate outputs kept)" : "");
        if (p.error() != null) out.printf("error  %s%n", p.error());
        out.println();
        Table steps = new Table("STEP", "JOB", "STATE", "STARTED", "FINISHED", "DURATION", "OUTPUT");
        for (StepRecord s : p.steps()) {
            var j = s.jobId() == null ? Optional.<JobRecord>empty() : store.load(s.jobId());
            steps.row(s.name(), s.jobId() == null ? "-" : s.jobId(),
                    j.map(r -> r.state().name()).orElse(s.state() == null ? "WAITING" : s.state().name()),
                    s.startedAt() == null ? "-" : Cells.dateTime(s.startedAt()),
                    s.finishedAt() == null ? "-" : Cells.dateTime(s.finishedAt()),
                    s.startedAt() == null ? "-" : duration(s.startedAt(), s.finishedAt(), now),
                    s.output() + (s.intermediate() ? " (intermediate)" : ""));
        }
        steps.print(out, 0);
        StepRecord current = p.steps().isEmpty() ? null : p.currentStep();
        var job = current == null || current.jobId() == null ? Optional.<JobRecord>empty() : store.load(current.jobId());
        if (job.isPresent()) {
            out.printf("%nstep %s:%n", current.name());
            printJob(out, job.get(), allTasks, now);
        }
    }

    static void printJob(PrintStream out, JobRecord j, boolean allTasks, Instant now) {
        out.printf("job %s  %s  app=%s  priority=%d  maps %d/%d  reduces %d/%d  %s%n", j.jobId(), j.state(), j.spec().appName(), j.spec().priorityLevel(),
                j.mapsDone(), j.maps().size(), j.reducesDone(), j.reduces().size(), duration(j.submittedAt(), j.finishedAt(), now));
        out.printf("submitted %s (times are local)  output %s%n", Cells.dateTime(j.submittedAt()), j.spec().output());
        int total = j.maps().size() + j.reduces().size();
        if (total > 0) {
            long done = j.mapsDone() + j.reducesDone();
            double secs = Duration.between(j.submittedAt(), j.finishedAt() == null ? now : j.finishedAt()).toMillis() / 1e3;
            out.printf(Locale.ROOT, "progress  %.1f%% of %,d tasks done, %,.1f tasks/s since submission%n",
                    100.0 * done / total, total, secs > 0 ? done / secs : 0.0);
            for (List<TaskRecord> phase : List.of(j.maps(), j.reduces())) {
                if (!phase.isEmpty()) out.printf("%-9s %s%n", phase.get(0).phase().wireName(), byState(phase));
            }
        }
        ReduceSkew.of(j).ifPresent(skew -> out.printf(Locale.ROOT,
                "largest reduce  %s holds %.0f%% of the reduce input (%s of %s; an even share is %.0f%%)%s%n",
                skew.task(), 100 * skew.share(), Cells.bytes(skew.bytes()), Cells.bytes(skew.total()),
                100 * skew.evenShare(), skew.reported() < skew.reduces()
                        ? ", " + skew.reported() + " of " + skew.reduces() + " reduces told theirs" : ""));
        if (j.error() != null) out.printf("error  %s%n", j.error());
        if (j.errorDetail() != null && !j.errorDetail().isBlank()) out.printf("%s%n", j.errorDetail().stripTrailing());
        var counters = j.counters();
        if (!counters.isEmpty()) {
            out.printf("%ncounters%n");
            counters.forEach((name, value) -> out.printf("  %-28s %,d%n", name, value));
        }
        out.println();
        if (j.maps().isEmpty() && j.reduces().isEmpty()) {
            out.println("no tasks: the job never ran");
            return;
        }
        Table tasks = new Table("TASK", "STATE", "ATTEMPT", "BACKUPS", "WORKER", "STARTED", "FINISHED", "NOTE", "RUNS");
        if (allTasks || total <= ALL_TASKS_UP_TO) {
            for (List<TaskRecord> phase : List.of(j.maps(), j.reduces())) {
                for (TaskRecord t : phase) row(tasks, t, "");
            }
            tasks.print(out, 0);
            return;
        }
        List<TasksToLookAt.Row> rows = TasksToLookAt.of(j, now);
        if (rows.isEmpty()) {
            out.printf("no task to look at: none failed, slow, running or retried (--all lists all %,d tasks)%n", total);
            return;
        }
        out.printf("tasks to look at: %,d of %,d (failed, slow, running, retried; --all lists every task)%n",
                rows.size(), total);
        for (TasksToLookAt.Row r : rows.subList(0, Math.min(ROWS, rows.size()))) row(tasks, r.task(), r.note());
        tasks.print(out, 0);
        if (rows.size() > ROWS) out.printf("... and %,d more%n", rows.size() - ROWS);
    }

    private static void row(Table tasks, TaskRecord t, String note) {
        tasks.row(t.phase().taskId(t.number()), t.state(), t.attempt(), t.backups(), t.worker(),
                Cells.time(t.startedAt()), Cells.time(t.finishedAt()), note.isEmpty() ? "-" : note, runs(t.runs()));
    }

    /** {@code 99,486 pending  2 running  512 succeeded}: the states that some task is in. */
    private static String byState(List<TaskRecord> tasks) {
        int[] n = new int[TaskState.values().length];
        for (TaskRecord t : tasks) n[t.state().ordinal()]++;
        StringBuilder s = new StringBuilder();
        for (TaskState state : TaskState.values()) {
            if (n[state.ordinal()] == 0) continue;
            if (s.length() > 0) s.append("  ");
            s.append(String.format(Locale.ROOT, "%,d %s", n[state.ordinal()], state.name().toLowerCase(Locale.ROOT)));
        }
        return s.toString();
    }

    private static String runs(List<TaskRun> runs) {
        StringBuilder s = new StringBuilder();
        for (TaskRun r : runs) {
            if (s.length() > 0) s.append(", ");
            s.append('#').append(r.attempt()).append(' ').append(r.worker()).append(' ')
                    .append(r.outcome().name().toLowerCase(Locale.ROOT));
            if (r.isOpen() && r.status() != null) s.append(" (status: ").append(r.status()).append(')');
        }
        return s.toString();
    }

    private static String duration(Instant from, Instant to) {
        return duration(from, to, Instant.now());
    }

    private static String duration(Instant from, Instant to, Instant now) {
        Duration d = Duration.between(from, to == null ? now : to);
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
