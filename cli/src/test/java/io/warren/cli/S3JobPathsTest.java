package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.protocol.Json;
import io.warren.storage.SuccessManifest;
import io.warren.storage.s3.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code warren run} with its inputs and output in a bucket of a real S3 server (s3proxy), configured the AWS way (here through
 * the JVM properties the AWS SDK reads, as a process would through its environment).
 */
class S3JobPathsTest {
    private static final List<String> PROPERTIES = List.of("aws.endpointUrlS3", "aws.accessKeyId", "aws.secretAccessKey",
            "aws.region");
    private static S3TestServer server;
    private static S3Client s3;
    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        server = S3TestServer.start();
        s3 = server.client(5 << 20);
        s3.createBucket(r -> r.bucket("results"));
        System.setProperty("aws.endpointUrlS3", server.endpoint().toString());
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
        System.setProperty("aws.region", "us-east-1");
    }

    @AfterAll
    static void stopS3() {
        PROPERTIES.forEach(System::clearProperty);
        if (s3 != null) s3.close();
        if (server != null) server.close();
    }

    private static List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket("results").prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static String text(String key) {
        return s3.getObjectAsBytes(r -> r.bucket("results").key(key)).asString(StandardCharsets.UTF_8);
    }

    private static int pendingUploads() {
        return s3.listMultipartUploads(r -> r.bucket("results")).uploads().size();
    }

    /** A run's exit code, what it wrote on stderr (its log included), and how long it took. */
    private record Captured(int code, String err, Duration took) {
    }

    private static Captured runCapturingStderr(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        Instant start = Instant.now();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Captured(code, err.toString(StandardCharsets.UTF_8), Duration.between(start, Instant.now()));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void wordcountWritesItsPartsAndAManifestToTheBucket() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 6, 300, 22);
        int code = Main.execute("run", "--app", "wordcount", "--input", dir + "/in/*.txt", "--output",
                "s3://results/wc", "--reduces", "3", "--workers", "3");

        assertThat(code).isZero();
        assertThat(keys("wc/")).containsExactly("wc/_SUCCESS", "wc/mr-out-0", "wc/mr-out-1", "wc/mr-out-2");
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 3; r++) lines.addAll(SequentialReference.lines(text("wc/mr-out-" + r)));
        lines.sort(null);
        assertThat(lines).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), docs));
        SuccessManifest manifest = Json.read(text("wc/_SUCCESS").getBytes(StandardCharsets.UTF_8), SuccessManifest.class);
        assertThat(manifest.files()).extracting(SuccessManifest.Part::name).containsExactly("mr-out-0", "mr-out-1", "mr-out-2");
        for (SuccessManifest.Part part : manifest.files()) {
            assertThat(part.size()).isEqualTo(text("wc/" + part.name()).getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(pendingUploads()).isZero();
    }

    @Test
    void inputsAreGlobsOverKeysReadInRangedSplits() throws Exception {
        Map<String, Path> local = TextGenerator.write(dir, "in", 5, 400, 25);
        Map<String, Path> docs = new java.util.LinkedHashMap<>();
        for (Path file : local.values()) {
            String key = "inputs/day-1/" + file.getFileName();
            s3.putObject(r -> r.bucket("results").key(key), file);
            docs.put("s3://results/" + key, file);
        }
        s3.putObject(r -> r.bucket("results").key("inputs/day-1/_manifest"), java.nio.file.Files.writeString(
                dir.resolve("manifest"), "not data"));

        int code = Main.execute("run", "--app", "indexer", "--input", "s3://results/inputs/day-*/*.txt", "--output",
                "s3://results/idx", "--reduces", "2", "--workers", "2", "--split-size", "4k");

        assertThat(code).isZero();
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 2; r++) lines.addAll(SequentialReference.lines(text("idx/mr-out-" + r)));
        lines.sort(null);
        assertThat(lines).isEqualTo(SequentialReference.run(new io.warren.apps.Indexer(), Map.of(), docs));
    }

    @Test
    void aStreamingJobShipsAFileFromTheBucket() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 3, 100, 26);
        Path script = Path.of("..", "examples", "streaming", "awk", "count.awk").toAbsolutePath().normalize();
        s3.putObject(r -> r.bucket("results").key("scripts/count.awk"), script);

        int code = Main.execute("run", "--mapper", "awk '{ print NF }'", "--reducer", "awk -f count.awk",
                "--file", "s3://results/scripts/count.awk", "--input", dir + "/in/*.txt", "--output",
                "s3://results/streamed", "--reduces", "1", "--workers", "2");

        assertThat(code).isZero();
        Map<String, Long> expected = new java.util.TreeMap<>();
        for (Path doc : docs.values()) {
            for (String line : java.nio.file.Files.readAllLines(doc)) {
                String t = line.trim();
                expected.merge(Integer.toString(t.isEmpty() ? 0 : t.split(" +").length), 1L, Long::sum);
            }
        }
        Map<String, Long> got = new java.util.TreeMap<>();
        for (String line : SequentialReference.lines(text("streamed/mr-out-0"))) {
            got.put(line.split("\t")[0], Long.parseLong(line.split("\t")[1]));
        }
        assertThat(got).isEqualTo(expected);
    }

    /** The jar names an app "doclen" that nothing else names: the job runs only if the jar was fetched. */
    @Test
    void aJobJarIsFetchedFromTheBucket() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 3, 50, 27);
        Path jar = dir.resolve("doclen.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/warren/apps.properties"));
            out.write("doclen=io.warren.cli.testapps.DocumentLengths\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        s3.putObject(r -> r.bucket("results").key("jars/doclen.jar"), jar);

        int code = Main.execute("run", "--app", "doclen", "--jar", "s3://results/jars/doclen.jar", "--input",
                dir + "/in", "--output", "s3://results/doclen", "--reduces", "1");

        assertThat(code).isZero();
        Map<String, Path> byPath = new java.util.LinkedHashMap<>();
        docs.values().forEach(p -> byPath.put(p.toAbsolutePath().toString(), p));
        List<String> lines = new ArrayList<>(SequentialReference.lines(text("doclen/mr-out-0")));
        lines.sort(null);
        assertThat(lines).isEqualTo(SequentialReference.run(new io.warren.cli.testapps.DocumentLengths(), Map.of(), byPath));
    }

    @Test
    void aFailedJobLeavesNothingInTheBucket() throws Exception {
        TextGenerator.write(dir, "in", 3, 10, 23);
        int code = Main.execute("run", "--app", "io.warren.apps.probe.Probe", "--param", "failMapOf=1.txt",
                "--max-attempts", "2", "--input", dir + "/in/*.txt", "--output", "s3://results/failed", "--workers", "2");

        assertThat(code).isEqualTo(1);
        assertThat(keys("failed/")).isEmpty();
        assertThat(pendingUploads()).isZero();
    }

    @Test
    void aMissingBucketFailsTheJobWithinSecondsNamingTheUriAndS3sError() throws Exception {
        TextGenerator.write(dir, "in", 1, 10, 24);
        Captured run = runCapturingStderr("run", "--app", "wordcount", "--input", dir + "/in/*.txt", "--output",
                "s3://no-such-bucket/out");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(20));
        assertThat(run.err()).contains("s3://no-such-bucket/out").contains("NoSuchBucket")
                .doesNotContain(S3TestServer.SECRET_KEY);
    }

    /** A pipeline whose first step writes to the bucket; the second reads that output as {@code @count}. */
    @Test
    void aPipelineStepReadsAnEarlierStepsOutputInTheBucket() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 4, 200, 27);
        Path spec = java.nio.file.Files.writeString(dir.resolve("pipeline.json"), """
                {"steps": [{"name": "count", "app": "wordcount", "inputs": ["%s/in/*.txt"], "output": "s3://results/p1/count",
                            "reduces": 3},
                           {"name": "top", "app": "topcount", "inputs": ["@count"], "output": "s3://results/p1/top",
                            "reduces": 1, "params": {"n": "10"}}]}""".formatted(dir));

        int code = Main.execute("run", "--pipeline", spec.toString(), "--workers", "2");

        assertThat(code).isZero();
        assertThat(SequentialReference.lines(text("p1/top/mr-out-0")))
                .containsExactlyElementsOf(PipelineIT.top(SequentialReference.run(new WordCount(), Map.of(), docs), 10));
        assertThat(keys("p1/count/")).contains("p1/count/_SUCCESS", "p1/count/mr-out-0", "p1/count/mr-out-2");
        assertThat(pendingUploads()).isZero();
    }

    /**
     * Local mode on a bucket root: relative inputs are keys under it, and the step without an output of its own writes
     * under the root's {@code .warren/pipelines/}, read by the next step as {@code @count} and deleted at the end.
     */
    @Test
    void aPipelineOnABucketRootKeepsItsIntermediateOutputInTheBucket() throws Exception {
        Map<String, Path> local = TextGenerator.write(dir, "in", 3, 200, 28);
        Map<String, Path> docs = new java.util.LinkedHashMap<>();
        for (Path file : local.values()) {
            String key = "root/books/" + file.getFileName();
            s3.putObject(r -> r.bucket("results").key(key), file);
            docs.put(key, file);
        }
        Path spec = java.nio.file.Files.writeString(dir.resolve("pipeline.json"), """
                {"steps": [{"name": "count", "app": "wordcount", "inputs": ["books/*.txt"], "reduces": 2},
                           {"name": "top", "app": "topcount", "inputs": ["@count"], "output": "out/top", "reduces": 1,
                            "params": {"n": "5"}}]}""");

        int code = Main.execute("run", "--storage", "s3://results/root", "--pipeline", spec.toString(), "--workers", "2");

        assertThat(code).isZero();
        assertThat(SequentialReference.lines(text("root/out/top/mr-out-0")))
                .containsExactlyElementsOf(PipelineIT.top(SequentialReference.run(new WordCount(), Map.of(), docs), 5));
        assertThat(keys("root/.warren/pipelines/")).as("the pipeline's record is in the bucket").isNotEmpty()
                .as("its intermediate output, deleted once the pipeline succeeded").noneMatch(k -> k.contains("/steps/"));
        assertThat(pendingUploads()).isZero();
    }

    /** On a bucket root the stderr of a streaming job's processes is kept in the bucket, with the job's record. */
    @Test
    void aStreamingProcesssStderrIsKeptInTheBucketOnABucketRoot() throws Exception {
        Path input = java.nio.file.Files.writeString(dir.resolve("a.txt"), "one two\nthree\n");
        s3.putObject(r -> r.bucket("results").key("logs-root/in/a.txt"), input);

        int code = Main.execute("run", "--storage", "s3://results/logs-root", "--job-id", "stderr-kept",
                "--mapper", "awk '{ print \"seen line \" NR > \"/dev/stderr\"; print NF }'", "--reducer", "cat",
                "--input", "in/a.txt", "--output", "out", "--reduces", "1", "--workers", "1");

        assertThat(code).isZero();
        List<String> logs = keys("logs-root/.warren/jobs/stderr-kept/logs/");
        // One log per process run that wrote on stderr: the map's mapper (the reduce's cat wrote nothing).
        assertThat(logs).singleElement().satisfies(k -> {
            assertThat(k).matches(".*/logs/map-0\\.1\\.[^/]+\\.mapper\\.stderr");
            assertThat(text(k)).isEqualTo("seen line 1\nseen line 2\n");
        });
        assertThat(SequentialReference.lines(text("logs-root/out/mr-out-0"))).containsExactlyInAnyOrder("1\t", "2\t");
    }

    /**
     * An endpoint nobody listens on: the job fails within seconds (the planner's first request to the bucket gives up
     * after the probe's tries), naming the URI, for an input and for an output on the bucket.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"input", "output"})
    void anUnreachableEndpointFailsTheJobWithinSecondsNamingTheUri(String which) throws Exception {
        TextGenerator.write(dir, "in", 1, 10, 25);
        String input = "input".equals(which) ? "s3://results/unreachable/*.txt" : dir + "/in/*.txt";
        String output = "output".equals(which) ? "s3://results/unreachable-out" : dir + "/out-" + which;
        String endpoint = System.getProperty("aws.endpointUrlS3");
        Captured run;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            System.setProperty("aws.endpointUrlS3", "http://127.0.0.1:" + closed.getLocalPort());
        }
        try {
            run = runCapturingStderr("run", "--app", "wordcount", "--input", input, "--output", output);
        } finally {
            System.setProperty("aws.endpointUrlS3", endpoint);
        }

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.took()).as("the data path would retry for about half a minute").isLessThan(Duration.ofSeconds(10));
        assertThat(run.err()).contains("input".equals(which) ? "s3://results/unreachable"
                : "s3://results/unreachable-out").doesNotContain(S3TestServer.SECRET_KEY);
    }
}
