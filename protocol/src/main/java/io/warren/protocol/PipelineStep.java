package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Pattern;

/**
 * One step of a pipeline: a name and a job. On the wire a step is the job's spec without {@code v}, plus
 * {@code name}: <pre>{"name": "count", "app": "wordcount", "inputs": ["books/*.txt"], "reduces": 4}</pre>
 * so whatever a job spec can say, a step can say too. An input written {@code @name} reads the output of the step of
 * that name (see {@link PipelineGraph}); a step without an {@code output} writes into the pipeline's own directory.
 */
public record PipelineStep(String name, JobSpec job) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    public PipelineStep {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a step's \"name\" must be 1-32 characters of A-Z a-z 0-9 _ - starting"
                    + " with a letter or digit, got " + Printable.quote(name));
        }
        if (job == null) throw new IllegalArgumentException("step " + name + " has no job");
        if (job.isPipeline()) throw new IllegalArgumentException("step " + name + " holds steps of its own; a step is one job");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PipelineStep fromJson(ObjectNode node) throws JsonProcessingException {
        JsonNode name = node.get("name");
        ObjectNode job = node.deepCopy();
        job.remove("name");
        if (!job.has("v")) job.put("v", Versioned.VERSION);
        return new PipelineStep(name == null || !name.isTextual() ? null : name.asText(),
                Json.MAPPER.treeToValue(job, JobSpec.class));
    }

    @JsonValue
    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode().put("name", name);
        ObjectNode job = Json.MAPPER.valueToTree(this.job);
        job.remove("v");
        node.setAll(job);
        return node;
    }
}
