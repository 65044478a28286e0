package io.warren.cli;

import io.warren.protocol.JobCommand;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.port.Subscription;
import io.warren.protocol.rabbit.RabbitBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks the coordinator to cancel a job and waits for its answer. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a job: queued tasks are dropped, running ones abandoned, its files deleted.")
final class CancelCommand implements Callable<Integer> {
    @Mixin
    BrokerOptions broker;

    @Parameters(paramLabel = "JOB", description = "The job id.")
    String jobId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; shown in status.")
    String reason;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the coordinator's answer (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        try (RabbitBroker rabbit = broker.connect("cancel")) {
            CompletableFuture<JobUpdate> answer = new CompletableFuture<>();
            try (Subscription ignored = rabbit.progress().follow(jobId, u -> {
                if (u.state().isTerminal()) answer.complete(u);
            })) {
                rabbit.control().publish(new JobCommand.CancelJob(jobId, reason));
                JobUpdate end = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (end.state() == JobState.CANCELLED) {
                    System.out.println("job " + jobId + " cancelled");
                    return 0;
                }
                System.out.println("job " + jobId + " had already ended: " + end.state());
                return 1;
            } catch (TimeoutException e) {
                System.err.println("no answer from a coordinator within " + timeout + "; the request stays queued"
                        + " (is a coordinator running, and does job " + jobId + " exist?)");
                return 3;
            }
        }
    }
}
