package io.warren.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Json;
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
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("v", "inputs", "output");
        assertThat(schema.get("oneOf").toString()).contains("[\"app\"]").contains("[\"streaming\"]");
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

    @Test
    void theSchemasExamplesAreValidSpecs() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(Files.readString(SCHEMA));
        for (JsonNode example : schema.get("examples")) {
            JobSpec spec = Json.decode(Json.MAPPER.writeValueAsBytes(example), JobSpec.class);
            assertThat(spec.appName()).isNotBlank();
            if (spec.streaming() != null) spec.streaming().validate();
            assertThat(spec.inputs()).isNotEmpty();
        }
    }
}
