package io.warren.cli;

import io.warren.protocol.ControlAnswer;
import io.warren.protocol.Durations;
import io.warren.protocol.JobCommand;
import io.warren.broker.port.Subscription;
import io.warren.broker.rabbit.RabbitBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks the active coordinator to cancel a job and reports its answer; the exit code tells the outcomes apart. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a job: queued tasks are dropped, running ones abandoned, its files deleted. Cancelling a"
                + " pipeline cancels the job of its running step, and deletes its intermediate outputs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the job was cancelled",
                "1:the job had already ended; its state is printed",
                "2:bad arguments, or the broker cannot be reached",
                "3:no coordinator answered within --timeout (is one running?); the request stays queued, and a"
                        + " coordinator that starts later carries it out",
                "4:no such job: the coordinator has no record of it"})
final class CancelCommand implements Callable<Integer> {
    static final int CANCELLED = 0;
    static final int ALREADY_ENDED = 1;
    static final int NO_COORDINATOR = 3;
    static final int NO_SUCH_JOB = 4;

    @Mixin
    BrokerOptions broker;

    @Parameters(paramLabel = "JOB", description = "The job id, or a pipeline's id.")
    String jobId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; shown in status.")
    String reason;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long to wait for the coordinator's answer (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        String requestId = UUID.randomUUID().toString();
        try (RabbitBroker rabbit = broker.connect("cancel")) {
            CompletableFuture<ControlAnswer> answer = new CompletableFuture<>();
            // Listen before asking, so not even an instant answer is missed.
            try (Subscription ignored = rabbit.answers().listen(requestId, answer::complete)) {
                rabbit.control().publish(new JobCommand.CancelJob(jobId, reason, requestId));
                return report(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                System.err.println("no coordinator answered within " + Durations.format(timeout) + ": is one running"
                        + " (warren coordinator)? The request stays queued; a coordinator that starts later will cancel"
                        + " job " + jobId + ".");
                return NO_COORDINATOR;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private int report(ControlAnswer answer) {
        return switch (answer.outcome()) {
            case CANCELLED -> {
                System.out.println("job " + jobId + " cancelled");
                yield CANCELLED;
            }
            case ALREADY_ENDED -> {
                System.out.println(answer.message().isBlank() ? "job " + jobId + " had already ended: " + answer.state()
                        : answer.message());
                yield ALREADY_ENDED;
            }
            case NO_SUCH_JOB -> {
                System.err.println("no job " + jobId + ": the coordinator has no record of it (warren jobs lists the"
                        + " recent ones)");
                yield NO_SUCH_JOB;
            }
        };
    }
}
