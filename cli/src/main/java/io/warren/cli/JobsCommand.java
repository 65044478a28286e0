package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.storage.FileJobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The most recent jobs, newest first, one line each. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List recent jobs, newest first.")
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
        System.out.printf("%-32s %-9s %-20s %-12s %s%n", "JOB", "STATE", "SUBMITTED", "APP", "OUTPUT");
        for (JobRecord j : jobs.subList(0, Math.min(limit, jobs.size()))) {
            System.out.printf(Locale.ROOT, "%-32s %-9s %-20s %-12s %s%n", j.jobId(), j.state(),
                    j.submittedAt().toString().substring(0, 19), j.spec().app(), j.spec().output());
        }
        return 0;
    }
}
