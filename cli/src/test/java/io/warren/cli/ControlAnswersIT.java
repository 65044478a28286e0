package io.warren.cli;

import io.warren.protocol.ControlAnswer;
import io.warren.protocol.JobCommand;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.broker.port.Subscription;
import io.warren.broker.testing.AmqpTestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Over a real broker: {@code warren cancel} gets the coordinator's answer at once and exits with a code per outcome;
 * with no coordinator, {@code cancel} and {@code submit --wait} say so after their short waits; only the active
 * coordinator answers.
 */
class ControlAnswersIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path storage;
    private Fleet fleet;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        if (fleet != null) fleet.close();
    }

    private Fleet fleet() throws Exception {
        TextGenerator.write(storage, "in", 2, 20, 31);
        fleet = new Fleet(getClass().getSimpleName(), storage);
        return fleet;
    }

    /** Runs a client command against this fleet's broker, its output captured. */
    private int warren(String... args) {
        stdout.reset();
        stderr.reset();
        String[] broker = {"--amqp", AmqpTestBroker.uri().toString(), "--topology-prefix", fleet.topology().prefix()};
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            return Main.execute(EndToEndIT.concat(args, broker));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static JobSpec wordcount(String id) {
        return JobSpec.of(id, "wordcount", null, List.of("in/*.txt"), "out/" + id, 1, Map.of());
    }

    /** Asks through the port, as the CLI does, and returns the answer. */
    private ControlAnswer ask(String jobId) throws Exception {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<ControlAnswer> answer = new CompletableFuture<>();
        try (Subscription ignored = fleet.client().answers().listen(requestId, answer::complete)) {
            fleet.client().control().publish(new JobCommand.CancelJob(jobId, "test", requestId));
            return answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void cancelIsAnsweredAtOnceWithAnExitCodeForEachOutcome() throws Exception {
        fleet().startCoordinator(); // and no worker: a submitted job stays MAPPING
        fleet.submit(wordcount("held"));
        fleet.awaitRecord("held", r -> r.state() == JobState.MAPPING, WAIT);

        // A short --timeout: an answer that did not come at once would exit 3.
        assertThat(warren("cancel", "held", "--timeout", "5s")).as(err()).isEqualTo(CancelCommand.CANCELLED);
        assertThat(out()).isEqualTo("job held cancelled\n");
        assertThat(fleet.record("held").state()).isEqualTo(JobState.CANCELLED);

        assertThat(warren("cancel", "held", "--timeout", "5s")).as(err()).isEqualTo(CancelCommand.ALREADY_ENDED);
        assertThat(out()).startsWith("job held had already ended: CANCELLED");

        assertThat(warren("cancel", "nobody", "--timeout", "5s")).as(err()).isEqualTo(CancelCommand.NO_SUCH_JOB);
        assertThat(err()).startsWith("no job nobody: the coordinator has no record of it");
    }

    @Test
    void withNoCoordinatorCancelAndSubmitSaySoAfterTheirShortWaits() throws Exception {
        fleet();

        assertThat(warren("cancel", "anything", "--timeout", "1s")).isEqualTo(CancelCommand.NO_COORDINATOR);
        assertThat(err()).startsWith("no coordinator answered within 1s: is one running (warren coordinator)?")
                .contains("stays queued");

        assertThat(warren("submit", "--job-id", "unclaimed", "--app", "wordcount", "--input", "in/*.txt", "--output",
                "out/unclaimed", "--wait", "--timeout", "1s")).isEqualTo(SubmitCommand.NOT_TAKEN);
        assertThat(out()).isEqualTo("unclaimed\n");
        assertThat(err()).contains("no coordinator took job unclaimed within 1s", "stays queued");
        List<JobSpec> queued = new CopyOnWriteArrayList<>();
        try (Subscription ignored = fleet.client().jobs().subscribe(1, d -> queued.add(d.message()))) {
            await().atMost(WAIT).until(() -> !queued.isEmpty());
        }
        assertThat(queued).extracting(JobSpec::jobId).containsExactly("unclaimed");
    }

    @Test
    void aJobThatOutlivesSubmitsTimeoutGoesOnAndSaysSo() throws Exception {
        fleet().startCoordinator(); // no worker: the job is taken but does not end
        // A first job warms the coordinator up (its first planning loads classes), so it takes the next one at once.
        fleet.submit(wordcount("warm-up"));
        fleet.awaitRecord("warm-up", r -> r.state() == JobState.MAPPING, WAIT);

        assertThat(warren("submit", "--job-id", "slow", "--app", "wordcount", "--input", "in/*.txt", "--output",
                "out/slow", "--timeout", "3s")).as(err()).isEqualTo(SubmitCommand.STILL_RUNNING);
        assertThat(err()).contains("job slow still running after 3s").doesNotContain("no coordinator");
        assertThat(fleet.record("slow").state()).isEqualTo(JobState.MAPPING);
    }

    @Test
    void onlyTheActiveCoordinatorAnswers() throws Exception {
        fleet().startCoordinator();
        String standby = fleet.startStandbyCoordinator();
        fleet.awaitLog(standby, "standing by");

        assertThat(ask("nobody").coordinator()).isEqualTo("warren-coordinator-" + fleet.process("coordinator-1").pid());

        fleet.kill("coordinator-1");
        fleet.awaitLog(standby, "coordinator started");
        ControlAnswer answer = ask("nobody");
        assertThat(answer.outcome()).isEqualTo(ControlAnswer.Outcome.NO_SUCH_JOB);
        assertThat(answer.coordinator()).isEqualTo("warren-coordinator-" + fleet.process(standby).pid());
    }
}
