package io.warren.cli;

import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineState;
import io.warren.coordinator.pipeline.StepRecord;
import io.warren.coordinator.storage.StateStores;
import io.warren.protocol.JobState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
        List<Units.Unit> units = new ArrayList<>(Units.of(StateStores.jobs(storage.layout()).loadAll(),
                StateStores.pipelines(storage.layout()).loadAll()).all());
        Collections.reverse(units);
        if (units.isEmpty()) {
            System.out.println("no jobs under " + StateStores.describe(storage.layout()));
            return 0;
        }
        printUnits(System.out, units.subList(0, Math.min(limit, units.size())), Table.terminalWidth());
        return 0;
    }

    static void print(PrintStream out, List<JobRecord> jobs, int width) {
        printUnits(out, jobs.stream().map(j -> new Units.Unit(j, null, Map.of())).toList(), width);
    }

    /**
     * One line per job; a pipeline gets one line, and each of its steps one beneath it. An ended job, pipeline or
     * step that did not succeed gets the first line of its reason, cut to {@code width}.
     */
    static void printUnits(PrintStream out, List<Units.Unit> units, int width) {
        Table table = new Table("JOB", "STATE", "SUBMITTED", "APP", "OUTPUT", "REASON");
        for (Units.Unit u : units) {
            if (u.job() != null) {
                row(table, u.job());
                continue;
            }
            PipelineRecord p = u.pipeline();
            boolean bad = p.state() == PipelineState.FAILED || p.state() == PipelineState.CANCELLED;
            table.row(p.pipelineId(), p.state(), Cells.dateTime(p.submittedAt()), Units.describe(p),
                    JobOptions.outputs(p.spec()), bad ? Cells.firstLine(p.error()) : "");
            for (StepRecord s : p.steps()) {
                String app = p.spec().steps().stream().filter(d -> d.name().equals(s.name())).findFirst()
                        .map(d -> Cells.app(String.valueOf(d.job().appName()))).orElse("-");
                table.row(Units.stepLabel(s), Units.stepState(u, s), s.startedAt() == null ? "-"
                                : Cells.dateTime(s.startedAt()), app, s.intermediate() ? "(intermediate)" : s.output(),
                        s.error() == null ? "" : Cells.firstLine(s.error()));
            }
        }
        table.print(out, width);
    }

    private static void row(Table table, JobRecord j) {
        String reason = j.state() == JobState.FAILED || j.state() == JobState.CANCELLED ? Cells.firstLine(j.error()) : "";
        table.row(j.jobId(), j.state(), Cells.dateTime(j.submittedAt()), Cells.app(j.spec().appName()), j.spec().output(),
                reason);
    }

}
