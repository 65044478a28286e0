package io.warren.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineGraphTest {
    private static JobSpec pipeline(String json) throws MalformedMessage {
        return Json.decode(json.getBytes(StandardCharsets.UTF_8), JobSpec.class);
    }

    private static final String COUNT_THEN_TOP = """
            {"v": 1, "jobId": "p1", "steps": [
              {"name": "top", "app": "topcount", "inputs": ["@count"], "output": "out/top", "reduces": 1},
              {"name": "count", "app": "wordcount", "inputs": ["books/*.txt"], "reduces": 4, "params": {"a": "b"}}]}""";

    @Test
    void aStepIsAJobSpecWithANameAndRoundTripsAsOne() throws Exception {
        JobSpec spec = pipeline(COUNT_THEN_TOP);
        assertThat(spec.isPipeline()).isTrue();
        PipelineStep count = spec.steps().get(1);
        assertThat(count.name()).isEqualTo("count");
        assertThat(count.job()).isEqualTo(new JobSpec(1, null, "wordcount", null, List.of("books/*.txt"), null, 4,
                java.util.Map.of("a", "b")));
        assertThat(Json.decode(Json.encode(spec), JobSpec.class)).isEqualTo(spec);
        assertThat(Json.encodeToString(spec)).contains("{\"name\":\"count\",\"app\":\"wordcount\"").doesNotContain("\"v\":1,\"name\"");
    }

    @Test
    void stepsRunAfterTheStepsTheyReadElseInTheSpecsOrder() throws Exception {
        PipelineGraph graph = PipelineGraph.of(pipeline(COUNT_THEN_TOP));
        assertThat(graph.steps()).extracting(PipelineStep::name).containsExactly("count", "top");
        assertThat(graph.reads("top")).containsExactly("count");
        assertThat(graph.reads("count")).isEmpty();
    }

    @Test
    void aCycleIsRefusedNamingItsSteps() {
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("""
                {"v": 1, "steps": [
                  {"name": "a", "app": "wordcount", "inputs": ["in"], "output": "out/a"},
                  {"name": "b", "app": "wordcount", "inputs": ["@c"]},
                  {"name": "c", "app": "wordcount", "inputs": ["@b"], "output": "out/c"}]}""")))
                .isInstanceOf(PipelineGraph.InvalidPipeline.class)
                .hasMessageContaining("b -> c -> b form a cycle");
    }

    @Test
    void anUnknownStepReferenceIsRefusedListingTheSteps() {
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("""
                {"v": 1, "steps": [{"name": "count", "app": "wordcount", "inputs": ["in"]},
                  {"name": "top", "app": "topcount", "inputs": ["@cuont"], "output": "o"}]}""")))
                .hasMessage("step top reads @cuont, but there is no step named 'cuont'; the steps are count, top");
    }

    @Test
    void duplicateNamesEmptyStepsSelfReadsAndStrayFieldsAreRefused() {
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("""
                {"v": 1, "steps": [{"name": "a", "app": "wordcount", "inputs": ["in"], "output": "x"},
                  {"name": "a", "app": "grep", "inputs": ["in"], "output": "y"}]}""")))
                .hasMessageContaining("two steps are named a");
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("{\"v\": 1, \"steps\": []}")))
                .hasMessageContaining("the pipeline has no steps");
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("""
                {"v": 1, "steps": [{"name": "a", "app": "wordcount", "inputs": ["@a"], "output": "x"}]}""")))
                .hasMessageContaining("step a reads its own output");
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("""
                {"v": 1, "app": "wordcount", "output": "o", "steps": [{"name": "a", "app": "wordcount", "inputs": ["i"], "output": "x"}]}""")))
                .hasMessageContaining("move app, output into the step(s)");
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("""
                {"v": 1, "steps": [{"name": "a", "jobId": "mine", "app": "wordcount", "inputs": ["i"], "output": "x"}]}""")))
                .hasMessageContaining("step a sets a jobId");
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("""
                {"v": 1, "steps": [{"name": "a", "app": "wordcount", "inputs": ["i"], "output": "out/x"},
                  {"name": "b", "app": "grep", "inputs": ["i"], "output": "out/./x/"}]}""")))
                .hasMessage("steps a and b both write to out/./x/; give each step its own output directory");
    }

    @Test
    void aLastStepWithoutAnOutputIsRefusedSinceItsResultWouldBeDeleted() {
        assertThatThrownBy(() -> PipelineGraph.of(pipeline("""
                {"v": 1, "steps": [{"name": "count", "app": "wordcount", "inputs": ["in"]}]}""")))
                .hasMessageContaining("step count has no \"output\" and no step reads it");
    }

    @Test
    void badStepShapesAreMalformedSpecsThatSayWhichField() {
        assertThatThrownBy(() -> pipeline("{\"v\": 1, \"steps\": [{\"app\": \"wordcount\"}]}"))
                .isInstanceOf(MalformedMessage.class).hasMessageContaining("a step's \"name\" must be");
        assertThatThrownBy(() -> pipeline("{\"v\": 1, \"steps\": [{\"name\": \"a\", \"steps\": []}]}"))
                .isInstanceOf(MalformedMessage.class).hasMessageContaining("step a holds steps of its own");
        assertThatThrownBy(() -> pipeline("{\"v\": 1, \"steps\": [{\"name\": \"a\", \"reduces\": \"many\"}]}"))
                .isInstanceOf(MalformedMessage.class).hasMessageContaining("steps");
    }

    @Test
    void aStepsJobIdIsThePipelinesAndTheStepsNamesAndMustFitAJobId() {
        assertThat(PipelineGraph.stepJobId("p1", "count")).isEqualTo("p1.count");
        assertThatThrownBy(() -> PipelineGraph.stepJobId("p".repeat(60), "count"))
                .hasMessageContaining("longer than 64 characters");
    }

    @Test
    void theFingerprintTellsPipelinesApartByTheirSteps() throws Exception {
        JobSpec a = pipeline(COUNT_THEN_TOP);
        JobSpec b = pipeline(COUNT_THEN_TOP.replace("\"reduces\": 4", "\"reduces\": 5"));
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).isEqualTo(pipeline(COUNT_THEN_TOP).fingerprint());
    }
}
