package io.warren.cli;

import io.warren.protocol.JobIds;
import io.warren.protocol.JobSpec;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a job is, shared by {@code submit} and {@code run}. */
final class JobOptions {
    @Option(names = "--app", paramLabel = "APP",
            description = "Built-in app (wordcount, indexer, grep) or the class name of a MapReduceJob (or a streaming job: --mapper).")
    String app;

    @picocli.CommandLine.Mixin
    StreamingOptions streaming = new StreamingOptions();

    @Option(names = "--jar", paramLabel = "JAR", description = "Job jar holding the app class (on the shared storage).")
    String jar;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH_OR_GLOB",
            description = "Input files, directories or globs (quote globs so the shell leaves them alone).")
    List<String> inputs;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for mr-out-* and _SUCCESS.")
    String output;

    @Option(names = "--reduces", paramLabel = "R", defaultValue = "" + JobSpec.DEFAULT_REDUCES,
            description = "Number of reduce tasks, 1..10000 (default ${DEFAULT-VALUE}).")
    int reduces = JobSpec.DEFAULT_REDUCES;

    @Option(names = "--param", paramLabel = "KEY=VALUE", converter = ParamConverter.class,
            description = "Job parameter, repeatable (grep: --param pattern=REGEX); a later one replaces an earlier one of the same key.")
    List<Map.Entry<String, String>> params = new ArrayList<>();

    @Option(names = "--job-id", paramLabel = "ID", description = "Choose the job id (default: generated).")
    String jobId;

    @Option(names = "--split-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Input bytes per map task, like 64m (default: the coordinator's, 64m).")
    Long splitSize;

    @Option(names = "--priority", paramLabel = "0-9",
            description = "Task-queue priority: tasks of higher-priority jobs are taken first (0-9, default 0).")
    Integer priority;

    @Option(names = "--overwrite", description = "Replace earlier output (mr-out-*, _SUCCESS) in the output directory.")
    boolean overwrite;

    JobSpec spec(Clock clock) {
        Map<String, String> byKey = new LinkedHashMap<>();
        params.forEach(p -> byKey.put(p.getKey(), p.getValue()));
        if (streaming.given() && app != null) throw new IllegalArgumentException("give either --app or --mapper (a streaming job), not both");
        if (!streaming.given() && app == null) throw new IllegalArgumentException("Missing required option: '--app=APP' (or --mapper COMMAND for a streaming job)");
        return JobSpec.of(jobId != null ? jobId : JobIds.generate(clock), streaming.given() ? io.warren.protocol.Streaming.APP : app, jar, inputs, output, reduces, byKey)
                .withSplitSize(splitSize).withOverwrite(overwrite).withPriority(priority)
                .withStreaming(streaming.given() ? streaming.streaming() : null);
    }
}
