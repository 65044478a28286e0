package io.warren.protocol;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shape of a pipeline spec: its steps, which earlier step each one reads ({@code "@name"} among its inputs), and
 * the order they run in, one at a time. {@link #of} refuses a spec a pipeline cannot be made of with an
 * {@link InvalidPipeline} whose message tells the user what to change; the CLI checks before it submits, and the
 * coordinator checks again (any client may publish a spec) and fails the pipeline with the same message.
 */
public final class PipelineGraph {
    /** How an input names an earlier step's output: {@code @count}. */
    public static final String REFERENCE = "@";

    private final List<PipelineStep> order;
    private final Map<String, Set<String>> reads;

    /** A pipeline spec that cannot run, with the reason in words a user can act on. */
    public static final class InvalidPipeline extends IllegalArgumentException {
        public InvalidPipeline(String message) {
            super(message);
        }
    }

    private PipelineGraph(List<PipelineStep> order, Map<String, Set<String>> reads) {
        this.order = order;
        this.reads = reads;
    }

    /** Checks a pipeline spec and orders its steps so that each comes after those it reads, else in the spec's order. */
    public static PipelineGraph of(JobSpec spec) {
        if (!spec.isPipeline()) throw new InvalidPipeline("not a pipeline: the spec has no \"steps\"");
        if (spec.steps().isEmpty()) throw new InvalidPipeline("the pipeline has no steps; \"steps\" needs at least one job");
        List<String> stray = new ArrayList<>();
        if (spec.app() != null) stray.add("app");
        if (spec.jar() != null) stray.add("jar");
        if (spec.streaming() != null) stray.add("streaming");
        if (!spec.inputs().isEmpty()) stray.add("inputs");
        if (spec.output() != null) stray.add("output");
        if (spec.reduces() != null) stray.add("reduces");
        if (!spec.params().isEmpty()) stray.add("params");
        if (spec.splitSize() != null) stray.add("splitSize");
        if (spec.overwrite() != null) stray.add("overwrite");
        if (!stray.isEmpty()) {
            throw new InvalidPipeline("a pipeline spec holds its jobs in \"steps\"; move " + String.join(", ", stray)
                    + " into the step(s) they belong to");
        }
        Map<String, PipelineStep> byName = new LinkedHashMap<>();
        for (PipelineStep step : spec.steps()) {
            if (byName.putIfAbsent(step.name(), step) != null) {
                throw new InvalidPipeline("two steps are named " + step.name() + "; give every step its own name");
            }
            if (step.job().jobId() != null) {
                throw new InvalidPipeline("step " + step.name() + " sets a jobId; the pipeline names its steps' jobs"
                        + " (<pipeline id>.<step name>), so leave it out");
            }
        }
        Map<String, String> writers = new LinkedHashMap<>();
        for (PipelineStep step : byName.values()) {
            String output = step.job().output();
            if (output == null) continue;
            String other = writers.putIfAbsent(Path.of(output).normalize().toString(), step.name());
            if (other != null) {
                throw new InvalidPipeline("steps " + other + " and " + step.name() + " both write to " + output
                        + "; give each step its own output directory");
            }
        }
        Map<String, Set<String>> reads = new LinkedHashMap<>();
        for (PipelineStep step : byName.values()) {
            Set<String> from = new LinkedHashSet<>();
            for (String input : step.job().inputs()) {
                if (!input.startsWith(REFERENCE)) continue;
                String name = input.substring(REFERENCE.length());
                if (name.equals(step.name())) {
                    throw new InvalidPipeline("step " + step.name() + " reads its own output (" + input + "); a step can"
                            + " only read the output of another step");
                }
                if (!byName.containsKey(name)) {
                    throw new InvalidPipeline("step " + step.name() + " reads " + input + ", but there is no step named "
                            + Printable.quote(name) + "; the steps are " + String.join(", ", byName.keySet()));
                }
                from.add(name);
            }
            reads.put(step.name(), from);
        }
        List<PipelineStep> order = order(byName, reads);
        Set<String> read = reads.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        for (PipelineStep step : order) {
            if (step.job().output() == null && !read.contains(step.name())) {
                throw new InvalidPipeline("step " + step.name() + " has no \"output\" and no step reads it, so its result"
                        + " would be deleted; give it an \"output\" directory");
            }
        }
        return new PipelineGraph(order, reads);
    }

    /** Kahn's algorithm, taking the first ready step in spec order each time, so a chain runs as written. */
    private static List<PipelineStep> order(Map<String, PipelineStep> byName, Map<String, Set<String>> reads) {
        List<PipelineStep> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (order.size() < byName.size()) {
            PipelineStep next = byName.values().stream()
                    .filter(s -> !done.contains(s.name()) && done.containsAll(reads.get(s.name())))
                    .findFirst().orElse(null);
            if (next == null) throw new InvalidPipeline("the steps " + cycle(byName, reads, done) + " form a cycle: each"
                    + " reads the output of the next, so none can start; a step can read only steps that do not read it");
            order.add(next);
            done.add(next.name());
        }
        return order;
    }

    /** A cycle among the steps not yet ordered, written {@code a -> b -> a} (a reads b, b reads a). */
    private static String cycle(Map<String, PipelineStep> byName, Map<String, Set<String>> reads, Set<String> done) {
        String at = byName.keySet().stream().filter(n -> !done.contains(n)).findFirst().orElseThrow();
        Deque<String> path = new ArrayDeque<>();
        while (!path.contains(at)) {
            path.addLast(at);
            at = reads.get(at).stream().filter(n -> !done.contains(n)).findFirst().orElseThrow();
        }
        List<String> loop = new ArrayList<>();
        boolean in = false;
        for (String n : path) {
            if (n.equals(at)) in = true;
            if (in) loop.add(n);
        }
        loop.add(at);
        return String.join(" -> ", loop);
    }

    /** The steps in the order they run. */
    public List<PipelineStep> steps() {
        return order;
    }

    /** The steps whose output {@code step} reads. */
    public Set<String> reads(String step) {
        return reads.getOrDefault(step, Set.of());
    }

    /** The id of the job that runs {@code step} of pipeline {@code pipelineId}, checked to be a valid job id. */
    public static String stepJobId(String pipelineId, String step) {
        String id = pipelineId + "." + step;
        if (!JobIds.isValid(id)) {
            throw new InvalidPipeline("the job id of step " + step + ", " + id + ", is longer than 64 characters;"
                    + " choose a shorter pipeline id or step name");
        }
        return id;
    }
}
