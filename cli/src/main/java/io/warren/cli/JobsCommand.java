package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.protocol.JobState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/** The most recent jobs, newest first, one line each; an ended job that did not succeed says why. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List recent jobs, newest first, with the reason of those that failed or were cancelled."
                + " Times are local.")
final class JobsCommand implements Callable<Integer> {
    @Mixin
    StorageOption storage;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many jobs (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        List<JobRecord> jobs = new ArrayList<>(new FileJobStore(storage.layout()).loadAll());
        Collections.reverse(jobs);
        if (jobs.isEmpty()) {
            System.out.println("no jobs under " + storage.layout().jobsDir());
            return 0;
        }
        print(System.out, jobs.subList(0, Math.min(limit, jobs.size())), Table.terminalWidth());
        return 0;
    }

    /** One line per job; an ended job that did not succeed gets the first line of its reason, cut to {@code width}. */
    static void print(PrintStream out, List<JobRecord> jobs, int width) {
        Table table = new Table("JOB", "STATE", "SUBMITTED", "APP", "OUTPUT", "REASON");
        for (JobRecord j : jobs) {
            String reason = j.state() == JobState.FAILED || j.state() == JobState.CANCELLED ? Cells.firstLine(j.error()) : "";
            table.row(j.jobId(), j.state(), Cells.dateTime(j.submittedAt()), Cells.app(j.spec().appName()), j.spec().output(),
                    reason);
        }
        table.print(out, width);
    }
}
