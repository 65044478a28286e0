package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;
import io.warren.coordinator.storage.FileJobStore;
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
import java.util.concurrent.Callable;

/** Reads the coordinator's job records from the shared storage. Works whether or not a coordinator is running. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show jobs, or one job's tasks. Times are local.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StorageOption storage;

    @Parameters(arity = "0..1", paramLabel = "JOB", description = "A job id: show its tasks, attempts and workers.")
    String jobId;

    @Option(names = "--json", description = "Print the records as JSON.")
    boolean json;

    @Override
    public Integer call() {
        FileJobStore store = new FileJobStore(storage.layout());
        PrintStream out = System.out;
        if (jobId == null) {
            List<JobRecord> jobs = store.loadAll();
            if (json) {
                out.println(Json.encodeToString(jobs));
            } else if (jobs.isEmpty()) {
                out.println("no jobs under " + storage.layout().jobsDir());
            } else {
                Table table = new Table("JOB", "STATE", "MAPS", "REDUCES", "SUBMITTED", "DURATION", "APP");
                for (JobRecord j : jobs) {
                    table.row(j.jobId(), j.state(), j.mapsDone() + "/" + j.maps().size(),
                            j.reducesDone() + "/" + j.reduces().size(), Cells.dateTime(j.submittedAt()),
                            duration(j.submittedAt(), j.finishedAt()), Cells.app(j.spec().app()));
                }
                table.print(out, 0);
            }
            return 0;
        }
        var job = store.load(jobId);
        if (job.isEmpty()) {
            System.err.println("no job " + jobId + " under " + storage.layout().jobsDir());
            return 1;
        }
        if (json) {
            out.println(Json.encodeToString(job.get()));
            return 0;
        }
        printJob(out, job.get());
        return 0;
    }

    static void printJob(PrintStream out, JobRecord j) {
        out.printf("job %s  %s  app=%s  priority=%d  maps %d/%d  reduces %d/%d  %s%n", j.jobId(), j.state(), j.spec().app(), j.spec().priorityLevel(),
                j.mapsDone(), j.maps().size(), j.reducesDone(), j.reduces().size(), duration(j.submittedAt(), j.finishedAt()));
        out.printf("submitted %s (times are local)  output %s%n", Cells.dateTime(j.submittedAt()), j.spec().output());
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
        Table tasks = new Table("TASK", "STATE", "ATTEMPT", "BACKUPS", "WORKER", "STARTED", "FINISHED", "RUNS");
        for (List<TaskRecord> phase : List.of(j.maps(), j.reduces())) {
            for (TaskRecord t : phase) {
                tasks.row(t.phase().taskId(t.number()), t.state(), t.attempt(), t.backups(), t.worker(),
                        Cells.time(t.startedAt()), Cells.time(t.finishedAt()), runs(t.runs()));
            }
        }
        tasks.print(out, 0);
    }

    private static String runs(List<TaskRun> runs) {
        StringBuilder s = new StringBuilder();
        for (TaskRun r : runs) {
            if (s.length() > 0) s.append(", ");
            s.append('#').append(r.attempt()).append(' ').append(r.worker()).append(' ')
                    .append(r.outcome().name().toLowerCase(Locale.ROOT));
        }
        return s.toString();
    }

    private static String duration(Instant from, Instant to) {
        Duration d = Duration.between(from, to == null ? Instant.now() : to);
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
