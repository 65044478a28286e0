package io.warren.coordinator;

import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.protocol.ControlAnswer;
import io.warren.protocol.JobCommand;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.broker.local.LocalBroker;
import io.warren.broker.port.Subscription;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The coordinator answers every control command that asks for an answer: cancelled, no such job, or already ended. */
class ControlCommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path root;
    private LocalBroker broker;
    private Coordinator coordinator;
    private int requests;

    @BeforeEach
    void startCoordinator() throws Exception {
        Files.createDirectories(root.resolve("in"));
        Files.writeString(root.resolve("in/a.txt"), "some words\n");
        CoordinatorConfig config = new CoordinatorConfig(StorageLayout.under(root), Duration.ofSeconds(30), 3, true,
                BackupPolicy.off(), 64 << 20, Duration.ZERO);
        broker = new LocalBroker();
        coordinator = new Coordinator(config, broker, Clock.systemUTC());
        coordinator.start();
    }

    @AfterEach
    void stop() {
        coordinator.close();
        broker.close();
    }

    /** Submits and returns the job's first update: the coordinator has it on record (no worker runs it). */
    private JobUpdate submit(String jobId, String input) throws Exception {
        JobSpec spec = JobSpec.of(jobId, "wordcount", null, List.of(input), "out/" + jobId, 1, Map.of());
        CompletableFuture<JobUpdate> first = new CompletableFuture<>();
        try (Subscription ignored = broker.progress().follow(spec, first::complete)) {
            broker.jobs().publish(spec);
            return first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private ControlAnswer cancel(String jobId) throws Exception {
        String requestId = "req-" + (++requests);
        CompletableFuture<ControlAnswer> answer = new CompletableFuture<>();
        try (Subscription ignored = broker.answers().listen(requestId, answer::complete)) {
            broker.control().publish(new JobCommand.CancelJob(jobId, "test", requestId));
            return answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private JobRecord record(String jobId) {
        return new FileJobStore(StorageLayout.under(root)).load(jobId).orElseThrow();
    }

    @Test
    void aRunningJobIsCancelledAndTheAnswerSaysSoOnceItIsOnRecord() throws Exception {
        assertThat(submit("running", "in/a.txt").state()).isEqualTo(JobState.MAPPING);

        ControlAnswer answer = cancel("running");

        assertThat(answer.outcome()).isEqualTo(ControlAnswer.Outcome.CANCELLED);
        assertThat(answer.state()).isEqualTo(JobState.CANCELLED);
        assertThat(answer.coordinator()).isEqualTo(Coordinator.processName());
        assertThat(record("running").state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void anUnknownJobIsAnsweredAtOnceAsNoSuchJob() throws Exception {
        ControlAnswer answer = cancel("never-submitted");

        assertThat(answer.outcome()).isEqualTo(ControlAnswer.Outcome.NO_SUCH_JOB);
        assertThat(answer.jobId()).isEqualTo("never-submitted");
        assertThat(answer.state()).isNull();
        assertThat(answer.message()).contains("never-submitted");
    }

    @Test
    void aJobThatHadEndedIsAnsweredWithItsStateAndReason() throws Exception {
        assertThat(submit("refused", "in/missing.txt").state()).isEqualTo(JobState.FAILED);

        ControlAnswer answer = cancel("refused");

        assertThat(answer.outcome()).isEqualTo(ControlAnswer.Outcome.ALREADY_ENDED);
        assertThat(answer.state()).isEqualTo(JobState.FAILED);
        assertThat(answer.message()).contains("FAILED", "in/missing.txt");
        assertThat(record("refused").state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aCommandThatAsksForNoAnswerIsStillCarriedOut() throws Exception {
        submit("quiet", "in/a.txt");

        broker.control().publish(new JobCommand.CancelJob("quiet", "no answer wanted"));

        await().atMost(WAIT).until(() -> record("quiet").state() == JobState.CANCELLED);
    }
}
