package io.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warren.protocol.JobIds;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Json;
import io.warren.protocol.MalformedMessage;
import io.warren.protocol.PipelineGraph;
import io.warren.protocol.PipelineStep;
import io.warren.protocol.storage.Compression;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a job is, shared by {@code submit} and {@code run}. */
final class JobOptions {
    @Option(names = "--app", paramLabel = "APP",
            description = "Built-in app (wordcount, indexer, grep, topcount, sort) or the class name of a MapReduceJob (or a streaming job: --mapper).")
    String app;

    @picocli.CommandLine.Mixin
    StreamingOptions streaming = new StreamingOptions();

    @Option(names = "--jar", paramLabel = "JAR", description = "Job jar holding the app class (on the shared storage, or an s3:// object).")
    String jar;

    @Option(names = "--input", arity = "1..*", paramLabel = "PATH_OR_GLOB",
            description = "Input files, directories or globs (quote globs so the shell leaves them alone).")
    List<String> inputs;

    @Option(names = "--input-mapper", paramLabel = "MAPPER=PATH_OR_GLOB", converter = ParamConverter.class,
            description = "An input read by a mapper of its own, one of those the app's mappers() names (a join),"
                    + " repeatable; it need not be given with --input too (docs/joins.md).")
    List<Map.Entry<String, String>> inputMappers = new ArrayList<>();

    @Option(names = "--output", paramLabel = "DIR", description = "Directory for mr-out-* and _SUCCESS.")
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

    @Option(names = "--total-order",
            description = "Sort the output across reduces: mr-out-0 ... mr-out-(R-1) read in order are sorted (the keys"
                    + " are sampled to pick the reduces' ranges; see docs/total-order.md).")
    boolean totalOrder;

    @Option(names = "--output-compression", paramLabel = "FORMAT", completionCandidates = OutputFormats.class,
            converter = OutputFormats.class,
            description = "Write the output compressed: gzip (mr-out-<r>.gz) or zstd (mr-out-<r>.zst); default plain."
                    + " Compressed input (.gz, .zst, .bz2) is read by its extension, whatever this says.")
    String outputCompression;

    /** The choices --output-compression offers in help and completion, and the check of the one given. */
    static final class OutputFormats implements Iterable<String>, CommandLine.ITypeConverter<String> {
        @Override
        public Iterator<String> iterator() {
            return Compression.OUTPUT_FORMATS.iterator();
        }

        @Override
        public String convert(String value) {
            if (Compression.OUTPUT_FORMATS.contains(value)) return value;
            throw new CommandLine.TypeConversionException("'" + value + "' is not an output compression; choose one of "
                    + String.join(", ", Compression.OUTPUT_FORMATS));
        }
    }

    @Option(names = "--pipeline", paramLabel = "FILE",
            description = "Submit the pipeline of jobs in this JSON file (a spec with \"steps\") instead of one job;"
                    + " --job-id and --priority apply to it.")
    Path pipeline;

    @Option(names = "--keep-intermediate",
            description = "With --pipeline: keep the outputs of the steps that have no output of their own after the"
                    + " pipeline succeeds (default: deleted).")
    boolean keepIntermediate;

    JobSpec spec(Clock clock) {
        if (pipeline != null) return pipelineSpec(clock);
        if (keepIntermediate) throw new IllegalArgumentException("--keep-intermediate goes with --pipeline");
        List<String> missing = new ArrayList<>();
        if (app == null && !streaming.given()) missing.add("--app (or --mapper for a streaming job)");
        List<String> allInputs = new ArrayList<>(inputs == null ? List.of() : inputs);
        Map<String, String> mapperOf = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : inputMappers) {
            if (!allInputs.contains(e.getValue())) allInputs.add(e.getValue());
            mapperOf.put(e.getValue(), e.getKey());
        }
        if (allInputs.isEmpty()) missing.add("--input");
        if (output == null) missing.add("--output");
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing " + String.join(", ", missing) + ": a job needs --app (or --mapper),"
                    + " --input and --output (or --pipeline FILE for a pipeline of jobs)");
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        params.forEach(p -> byKey.put(p.getKey(), p.getValue()));
        if (streaming.given() && app != null) throw new IllegalArgumentException("give either --app or --mapper (a streaming job), not both");
        return JobSpec.of(jobId != null ? jobId : JobIds.generate(clock), streaming.given() ? io.warren.protocol.Streaming.APP : app, jar, allInputs, output, reduces, byKey)
                .withInputMappers(mapperOf).withSplitSize(splitSize).withOverwrite(overwrite).withPriority(priority).withTotalOrder(totalOrder)
                .withOutputCompression(outputCompression)
                .withStreaming(streaming.given() ? streaming.streaming() : null);
    }

    /**
     * The pipeline in the {@code --pipeline} file, checked here so that a mistake is reported before anything is
     * submitted ({@code "v"} may be left out of the file). Job options other than --job-id and --priority belong in
     * the file's steps.
     */
    private JobSpec pipelineSpec(Clock clock) {
        if (app != null || inputs != null || !inputMappers.isEmpty() || output != null || jar != null || !params.isEmpty() || splitSize != null
                || overwrite || totalOrder || outputCompression != null || reduces != JobSpec.DEFAULT_REDUCES) {
            throw new IllegalArgumentException("--pipeline takes its jobs from " + pipeline + "; give --app, --input,"
                    + " --output and the other job options in its steps instead");
        }
        JobSpec spec;
        try {
            JsonNode tree = Json.MAPPER.readTree(Files.readAllBytes(pipeline));
            if (tree instanceof ObjectNode o && !o.has("v")) o.put("v", JobSpec.VERSION);
            spec = Json.decode(Json.MAPPER.writeValueAsBytes(tree), JobSpec.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read pipeline " + pipeline + ": " + e.getMessage(), e);
        } catch (MalformedMessage e) {
            throw new IllegalArgumentException("pipeline " + pipeline + ": " + e.getMessage(), e);
        }
        if (!spec.isPipeline()) throw new IllegalArgumentException("pipeline " + pipeline + " has no \"steps\"");
        if (jobId != null) spec = spec.withJobId(jobId);
        if (spec.jobId() == null) spec = spec.withJobId(JobIds.generate(clock));
        if (priority != null) spec = spec.withPriority(priority);
        if (keepIntermediate) spec = JobSpec.pipeline(spec.jobId(), spec.steps(), true).withPriority(spec.priority());
        try {
            PipelineGraph.of(spec);
            for (PipelineStep step : spec.steps()) PipelineGraph.stepJobId(spec.jobId(), step.name());
        } catch (PipelineGraph.InvalidPipeline e) {
            throw new IllegalArgumentException("pipeline " + pipeline + ": " + e.getMessage(), e);
        }
        return spec;
    }

    /** Where a job's or a pipeline's output lands: the outputs of the steps that name one. */
    static String outputs(JobSpec spec) {
        if (!spec.isPipeline()) return spec.output();
        return String.join(", ", spec.steps().stream().map(s -> s.job().output()).filter(Objects::nonNull).toList());
    }
}
