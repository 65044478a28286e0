package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A job submission, published to the job queue by any AMQP client. Public API: the v1 fields below are fixed; later
 * versions may add fields, which v1 readers ignore.
 * <pre>{"v": 1, "jobId": "optional", "app": "wordcount", "jar": "optional", "inputs": ["books/*.txt"],
 *  "output": "out/wc", "reduces": 8, "params": {"key": "value"}, "splitSize": 67108864, "priority": 5}</pre>
 * {@code splitSize} (bytes) overrides the coordinator's split size, {@code overwrite: true} replaces earlier output
 * in the output directory, and {@code priority} (0 to 9, default 0) puts the job's tasks ahead of those of jobs with a
 * lower one on the task queue; all three are optional and were added after the first release of v1.
 * {@code streaming} (optional, added later too) makes it a streaming job whose mapper, reducer and combiner are
 * commands (see {@link Streaming}); {@code app} may then be left out.
 * {@code totalOrder: true} (optional, added later too) asks for globally sorted output: Warren samples the keys the
 * mapper emits and range-partitions them, so {@code mr-out-0} ... {@code mr-out-(R-1)} read in order are sorted.
 * {@code inputMappers} (optional, added later too) gives inputs their own mappers, {@code {"users/*.csv": "users"}}:
 * a key is one of {@code inputs}, a value one of the names the job's {@code mappers} offers (a reduce-side join reads
 * two data sets so).
 * {@code outputCompression} (optional, added later too), {@code "gzip"} or {@code "zstd"}, writes each output file
 * compressed, as {@code mr-out-<r>.gz} or {@code mr-out-<r>.zst}.
 * {@code steps} makes the spec a pipeline of jobs instead (see {@link PipelineGraph}), and {@code keepIntermediate}
 * keeps its steps' intermediate outputs after it succeeds.
 * Only the shape is checked here; whether the app, inputs and output make sense is the coordinator's
 * {@code JobValidator}'s question, answered with a failed job rather than a dead letter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output,
                      Integer reduces, Map<String, String> params, Long splitSize, Boolean overwrite,
                      Integer priority, Streaming streaming, List<PipelineStep> steps, Boolean keepIntermediate,
                      Boolean totalOrder, Map<String, String> inputMappers, String outputCompression)
        implements Versioned {
    public static final int DEFAULT_REDUCES = 8;
    public static final int MAX_REDUCES = 10_000;

    public JobSpec {
        if (v != VERSION) throw new IllegalArgumentException("unsupported job spec version v=" + v + "; this coordinator reads v=1");
        if (jobId != null) JobIds.check(jobId);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        params = params == null ? Map.of() : Map.copyOf(params);
        steps = steps == null ? null : List.copyOf(steps);
        inputMappers = inputMappers == null || inputMappers.isEmpty() ? null : Map.copyOf(inputMappers);
    }

    public JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output, Integer reduces,
                   Map<String, String> params, Long splitSize, Boolean overwrite, Integer priority, Streaming streaming,
                   List<PipelineStep> steps, Boolean keepIntermediate, Boolean totalOrder, Map<String, String> inputMappers) {
        this(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, streaming, steps,
                keepIntermediate, totalOrder, inputMappers, null);
    }

    public JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output, Integer reduces,
                   Map<String, String> params, Long splitSize, Boolean overwrite, Integer priority, Streaming streaming,
                   List<PipelineStep> steps, Boolean keepIntermediate, Boolean totalOrder) {
        this(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, streaming, steps,
                keepIntermediate, totalOrder, null);
    }

    public JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output, Integer reduces,
                   Map<String, String> params, Long splitSize, Boolean overwrite, Integer priority, Streaming streaming,
                   List<PipelineStep> steps, Boolean keepIntermediate) {
        this(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, streaming, steps,
                keepIntermediate, null);
    }

    /** A pipeline's spec, or one job's with no streaming commands. */
    public JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output, Integer reduces,
                   Map<String, String> params, Long splitSize, Boolean overwrite, Integer priority,
                   List<PipelineStep> steps, Boolean keepIntermediate) {
        this(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, null, steps,
                keepIntermediate);
    }

    /** One job, Java or streaming. */
    public JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output, Integer reduces,
                   Map<String, String> params, Long splitSize, Boolean overwrite, Integer priority, Streaming streaming) {
        this(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, streaming, null, null);
    }

    /**
     * A pipeline: several jobs run one after another, where a step's input may name an earlier step's output as
     * {@code @name}; see {@link PipelineGraph}.
     */
    public static JobSpec pipeline(String jobId, List<PipelineStep> steps, boolean keepIntermediate) {
        return new JobSpec(VERSION, jobId, null, null, null, null, null, null, null, null, null, null, steps,
                keepIntermediate ? Boolean.TRUE : null);
    }

    /** Whether this spec is a pipeline of jobs (it has a {@code steps} field, even an empty one) rather than one job. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPipeline() {
        return steps != null;
    }

    /** Whether a pipeline keeps its steps' intermediate outputs once it has succeeded. */
    public boolean keepsIntermediate() {
        return Boolean.TRUE.equals(keepIntermediate);
    }

    public static JobSpec of(String jobId, String app, String jar, List<String> inputs, String output, int reduces,
                             Map<String, String> params) {
        return new JobSpec(VERSION, jobId, app, jar, inputs, output, reduces, params, null, null, null);
    }

    public JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output, Integer reduces,
                   Map<String, String> params, Long splitSize, Boolean overwrite, Integer priority) {
        this(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, (Streaming) null);
    }

    public JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output, Integer reduces,
                   Map<String, String> params, Long splitSize, Boolean overwrite) {
        this(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, null);
    }

    public JobSpec(int v, String jobId, String app, String jar, List<String> inputs, String output, Integer reduces,
                   Map<String, String> params) {
        this(v, jobId, app, jar, inputs, output, reduces, params, null, null, null);
    }

    public JobSpec withSplitSize(Long bytes) {
        return new JobSpec(v, jobId, app, jar, inputs, output, reduces, params, bytes, overwrite, priority, streaming, steps,
                keepIntermediate, totalOrder, inputMappers, outputCompression);
    }

    /** Replace earlier job output ({@code mr-out-*}, {@code _SUCCESS}) in the output directory instead of refusing. */
    public JobSpec withOverwrite(boolean replace) {
        return new JobSpec(v, jobId, app, jar, inputs, output, reduces, params, splitSize, replace ? Boolean.TRUE : null, priority, streaming, steps,
                keepIntermediate, totalOrder, inputMappers, outputCompression);
    }

    /**
     * Identifies this exact submission, whatever map ordering the JSON had: a submitter follows it to hear about a
     * refusal that concerns its spec only (such as a job id already taken by another job).
     */
    public String fingerprint() {
        StringBuilder s = new StringBuilder().append(v).append('\0').append(jobId).append('\0').append(app).append('\0')
                .append(jar).append('\0').append(String.join("\u0001", inputs)).append('\0').append(output).append('\0')
                .append(reduces).append('\0').append(new java.util.TreeMap<>(params)).append('\0').append(splitSize)
                .append('\0').append(overwrite).append(priority == null ? "" : "\0" + priority)
                .append(streaming == null ? "" : "\0" + streaming)
                .append(totalOrder == null ? "" : "\0totalOrder=" + totalOrder)
                .append(inputMappers == null ? "" : "\0inputMappers=" + new java.util.TreeMap<>(inputMappers))
                .append(outputCompression == null ? "" : "\0outputCompression=" + outputCompression);
        if (steps != null) {
            s.append("\0steps");
            for (PipelineStep step : steps) s.append('\0').append(step.name()).append('=').append(step.job().fingerprint());
            s.append('\0').append(keepIntermediate);
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(
                    s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Ask for globally sorted output (see docs/total-order.md); null leaves it off. */
    public JobSpec withTotalOrder(boolean sorted) {
        return new JobSpec(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, streaming,
                steps, keepIntermediate, sorted ? Boolean.TRUE : null, inputMappers, outputCompression);
    }

    /**
     * Give inputs their own mappers: each key is one of {@link #inputs()}, each value the name of one of the job's
     * {@code mappers}; an input left out is read by the job's default mapper. Null or empty: every input is.
     */
    public JobSpec withInputMappers(Map<String, String> byInput) {
        return new JobSpec(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, streaming,
                steps, keepIntermediate, totalOrder, byInput, outputCompression);
    }

    /** Write the output compressed, {@code "gzip"} or {@code "zstd"} ({@code mr-out-<r>.gz}, {@code .zst}); null: plain. */
    public JobSpec withOutputCompression(String format) {
        return new JobSpec(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, streaming,
                steps, keepIntermediate, totalOrder, inputMappers, format);
    }

    /** The mapper named for an input pattern, or null for the job's default one. */
    public String mapperFor(String input) {
        return inputMappers == null ? null : inputMappers.get(input);
    }

    public boolean sortsTotally() {
        return Boolean.TRUE.equals(totalOrder);
    }

    public boolean overwrites() {
        return Boolean.TRUE.equals(overwrite);
    }

    /** The task-queue priority to run the job at; a job that names none runs at 0, the lowest. */
    public JobSpec withPriority(Integer level) {
        return new JobSpec(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, level, streaming, steps,
                keepIntermediate, totalOrder, inputMappers, outputCompression);
    }

    public int priorityLevel() {
        return priority == null ? 0 : priority;
    }

    public int reduceCount() {
        return reduces == null ? DEFAULT_REDUCES : reduces;
    }

    /** The job as a streaming job (Hadoop Streaming's protocol), or back to a Java one with null. */
    public JobSpec withStreaming(Streaming commands) {
        return new JobSpec(v, jobId, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, commands,
                steps, keepIntermediate, totalOrder, inputMappers, outputCompression);
    }

    /** The app tasks name: the spec's, or {@link Streaming#APP} for a streaming job that names none. */
    public String appName() {
        return app == null && streaming != null ? Streaming.APP : app;
    }

    public JobSpec withJobId(String id) {
        return new JobSpec(v, id, app, jar, inputs, output, reduces, params, splitSize, overwrite, priority, streaming, steps,
                keepIntermediate, totalOrder, inputMappers, outputCompression);
    }
}
