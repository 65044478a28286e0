package io.warren.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Json;
import io.warren.protocol.PipelineGraph;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The published JSON Schema of the job spec describes exactly the fields the coordinator reads, and its examples decode. */
class JobSpecSchemaTest {
    private static final Path SCHEMA = Path.of("..", "docs", "job-spec.schema.json");

    @Test
    void theSchemaNamesEveryFieldOfTheSpecAndNoOther() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(Files.readString(SCHEMA));
        Set<String> properties = new HashSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> fields = new HashSet<>();
        Arrays.stream(JobSpec.class.getRecordComponents()).forEach(c -> fields.add(c.getName()));
        assertThat(properties).isEqualTo(fields);
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("v");
        JsonNode oneJob = schema.get("oneOf").get(0);
        assertThat(oneJob.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("inputs", "output");
        assertThat(oneJob.get("oneOf").toString()).contains("[\"app\"]").contains("[\"streaming\"]");
        assertThat(schema.get("oneOf").get(1).get("required")).extracting(JsonNode::asText).containsExactly("steps");
    }

    @Test
    void theStreamingPartNamesEveryFieldOfItsRecords() throws Exception {
        JsonNode streaming = Json.MAPPER.readTree(Files.readString(SCHEMA)).get("properties").get("streaming");
        Set<String> properties = new HashSet<>();
        streaming.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> fields = new HashSet<>();
        Arrays.stream(io.warren.protocol.Streaming.class.getRecordComponents()).forEach(c -> fields.add(c.getName()));
        assertThat(properties).isEqualTo(fields);
        Set<String> fileProperties = new HashSet<>();
        streaming.get("properties").get("files").get("items").get("properties").fieldNames().forEachRemaining(fileProperties::add);
        Set<String> fileFields = new HashSet<>();
        Arrays.stream(io.warren.protocol.Streaming.ShippedFile.class.getRecordComponents()).forEach(c -> fileFields.add(c.getName()));
        assertThat(fileProperties).isEqualTo(fileFields);
    }

    /** A step is a job spec with a name: every field a job has, but the version, its id and a pipeline's own. */
    @Test
    void aStepOfAPipelineTakesEveryFieldOfAJobAndAName() throws Exception {
        JsonNode step = Json.MAPPER.readTree(Files.readString(SCHEMA)).get("$defs").get("step");
        Set<String> properties = new HashSet<>();
        step.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> fields = new HashSet<>();
        Arrays.stream(JobSpec.class.getRecordComponents()).forEach(c -> fields.add(c.getName()));
        fields.removeAll(Set.of("v", "jobId", "steps", "keepIntermediate"));
        fields.add("name");
        assertThat(properties).isEqualTo(fields);
        for (String field : properties) {
            JsonNode ref = step.get("properties").get(field).get("$ref");
            if (ref != null) assertThat(ref.asText()).isEqualTo("#/properties/" + field);
        }
    }

    @Test
    void theSchemasExamplesAreValidSpecs() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(Files.readString(SCHEMA));
        for (JsonNode example : schema.get("examples")) {
            JobSpec spec = Json.decode(Json.MAPPER.writeValueAsBytes(example), JobSpec.class);
            if (spec.isPipeline()) {
                assertThat(PipelineGraph.of(spec).steps()).isNotEmpty();
                continue;
            }
            assertThat(spec.appName()).isNotBlank();
            if (spec.streaming() != null) spec.streaming().validate();
            assertThat(spec.inputs()).isNotEmpty();
        }
    }

    /** The example pipeline in examples/ is a valid pipeline: count the words, then the top 20 of the counts. */
    @Test
    void theExamplePipelineIsAValidPipeline() throws Exception {
        JobSpec spec = Json.decode(Files.readAllBytes(Path.of("..", "examples", "pipelines", "wordcount-top20.json")),
                JobSpec.class);
        PipelineGraph graph = PipelineGraph.of(spec);
        assertThat(graph.steps()).extracting(s -> s.job().app()).containsExactly("wordcount", "topcount");
        assertThat(graph.reads("top")).containsExactly("count");
    }
}
