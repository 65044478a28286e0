package io.warren.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes arrive, a decoder either returns a valid record or throws {@link MalformedMessage}: never another
 * exception, which in a consumer would mean a crash or a message stuck in a redelivery loop.
 */
class DecoderFuzzTest {
    private static final List<Class<?>> TYPES = List.of(JobSpec.class, TaskMessage.class, WorkerEvent.class,
            JobCommand.class, JobUpdate.class, ControlAnswer.class);

    private static final List<String> VALID = List.of(
            Json.encodeToString(JobSpec.of("job-1", "wordcount", "jobs/a.jar", List.of("in/*.txt"), "out", 4, Map.of("k", "v"))),
            Json.encodeToString(new MapTask("job-1", 2, 1, new JobRef("wordcount", null, Map.of()),
                    List.of(new InputSplit("in/a.txt", 0, 100)), 3, 1_000, List.of("w-a-1"))),
            Json.encodeToString(new ReduceTask("job-1", 0, 2, new JobRef("grep", null, Map.of("pattern", "x")),
                    List.of("w-a-1", "w-b-2"), "out", 1_000, List.of())),
            Json.encodeToString(new WorkerEvent.TaskFailed("job-1", Phase.MAP, 1, 1, "w-a-1",
                    Instant.parse("2026-01-01T00:00:00Z"), "boom", "trace", List.of(3))),
            Json.encodeToString(new JobCommand.CancelJob("job-1", "why")),
            Json.encodeToString(new JobCommand.CancelJob("job-1", "why", "req-1")),
            Json.encodeToString(new ControlAnswer("req-1", "job-1", ControlAnswer.Outcome.ALREADY_ENDED, JobState.FAILED,
                    "boom", "warren-coordinator-1")));

    private static void decodesOrRejectsCleanly(byte[] body) {
        for (Class<?> type : TYPES) {
            try {
                Object decoded = Json.decode(body, type);
                assertThat(decoded).isInstanceOf(type);
            } catch (MalformedMessage e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Property(tries = 500)
    void arbitraryBytes(@ForAll @Size(max = 400) byte[] body) {
        decodesOrRejectsCleanly(body);
    }

    @Property(tries = 500)
    void arbitraryText(@ForAll @Size(max = 300) String text) {
        decodesOrRejectsCleanly(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2_000)
    void validMessagesWithOneByteChanged(@ForAll("validMessage") String message, @ForAll("position") double where,
                                         @ForAll byte replacement) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        body[(int) (where * (body.length - 1))] = replacement;
        decodesOrRejectsCleanly(body);
    }

    @Property(tries = 1_000)
    void validMessagesCutShortOrSpliced(@ForAll("validMessage") String a, @ForAll("validMessage") String b,
                                        @ForAll("position") double cutA, @ForAll("position") double cutB) {
        String spliced = a.substring(0, (int) (cutA * a.length())) + b.substring((int) (cutB * b.length()));
        decodesOrRejectsCleanly(spliced.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1_000)
    void fieldsReplacedByJsonOfTheWrongKind(@ForAll("validMessage") String message, @ForAll("jsonValue") String value,
                                            @ForAll("position") double which) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(\\w+)\":").matcher(message);
        List<String> fields = new java.util.ArrayList<>();
        while (m.find()) fields.add(m.group(1));
        String field = fields.get((int) (which * (fields.size() - 1)));
        String changed = message.replaceFirst("\"" + field + "\":(\"[^\"]*\"|-?[0-9.]+|\\[[^\\]]*\\]|\\{[^}]*\\}|true|false|null)",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + value));
        decodesOrRejectsCleanly(changed.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> validMessage() {
        return Arbitraries.of(VALID);
    }

    @Provide
    Arbitrary<Double> position() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<String> jsonValue() {
        return Arbitraries.oneOf(
                Arbitraries.of("null", "true", "[]", "{}", "\"\"", "-1", "0", "2147483648", "1e309", "-9223372036854775809",
                        "\"../../etc\"", "[null]", "{\"v\":1}", "\"\\u0000\"", "1.5"),
                Arbitraries.strings().ofMaxLength(20).map(s -> Json.encodeToString(s)),
                Arbitraries.integers().map(String::valueOf));
    }
}
