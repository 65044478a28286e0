package io.warren.coordinator.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Json;
import io.warren.protocol.PipelineGraph;
import io.warren.protocol.PipelineStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The jobs a pipeline's steps run as: their ids, where each writes, and the spec each is submitted with. */
final class StepJobSpecs {
    /** The steps in the order they run, each with its job id and where it writes. */
    static List<StepRecord> plan(String id, PipelineGraph graph, PipelineStore store) {
        List<StepRecord> steps = new ArrayList<>();
        for (PipelineStep step : graph.steps()) {
            String jobId = PipelineGraph.stepJobId(id, step.name());
            boolean intermediate = step.job().output() == null;
            String output = intermediate ? store.intermediateOutput(id, step.name()) : step.job().output();
            steps.add(new StepRecord(step.name(), jobId, output, intermediate, null, null, null, null));
        }
        return steps;
    }

    /**
     * The job that runs step {@code index}: the step's spec with its job id, its output, the outputs of the steps it
     * reads for their {@code @name}s, and the pipeline's priority unless it has its own. Built from the spec's JSON,
     * so every field a job spec may have is carried over as it is. The same spec every time, so that submitting it
     * again after a crash is recognised as the same job.
     */
    static JobSpec of(PipelineRecord pipeline, int index) {
        StepRecord step = pipeline.steps().get(index);
        PipelineStep declared = pipeline.spec().steps().stream().filter(s -> s.name().equals(step.name())).findFirst()
                .orElseThrow();
        Map<String, String> outputs = new HashMap<>();
        pipeline.steps().forEach(s -> outputs.put(s.name(), s.output()));
        ObjectNode job = Json.MAPPER.valueToTree(declared.job());
        job.put("jobId", step.jobId());
        job.put("output", step.output());
        ArrayNode inputs = job.putArray("inputs");
        for (String input : declared.job().inputs()) {
            inputs.add(input.startsWith(PipelineGraph.REFERENCE)
                    ? outputs.get(input.substring(PipelineGraph.REFERENCE.length())) : input);
        }
        if (declared.job().inputMappers() != null) { // keyed by the inputs as declared: follow their rewrite
            ObjectNode mappers = job.putObject("inputMappers");
            declared.job().inputMappers().forEach((input, mapper) -> mappers.put(input.startsWith(PipelineGraph.REFERENCE)
                    ? outputs.get(input.substring(PipelineGraph.REFERENCE.length())) : input, mapper));
        }
        if (declared.job().priority() == null && pipeline.spec().priority() != null) {
            job.put("priority", pipeline.spec().priority());
        }
        return Json.MAPPER.convertValue(job, JobSpec.class);
    }

    private StepJobSpecs() {
    }
}
