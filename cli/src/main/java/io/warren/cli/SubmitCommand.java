package io.warren.cli;

import io.warren.protocol.Durations;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.broker.rabbit.RabbitBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Publishes a job spec to the job queue, like any other AMQP client could, and optionally waits for the result. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a job to the fleet and print its id. Paths are relative to the coordinator's storage root.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:submitted (without --wait), or the job succeeded",
                "1:the job failed, was refused or was cancelled; the reason is printed",
                "2:bad arguments, or the broker cannot be reached",
                "3:--timeout passed before any coordinator took the job; its spec stays queued, and a coordinator"
                        + " that starts later runs it",
                "4:--timeout passed while the job ran; it goes on (warren status JOB)"})
final class SubmitCommand implements Callable<Integer> {
    static final int NOT_TAKEN = 3;
    static final int STILL_RUNNING = 4;

    @Mixin
    JobOptions job;
    @Mixin
    BrokerOptions broker;

    @Option(names = "--wait", description = "Show progress and wait for the job to end. After "
            + "5s without a coordinator taking the job, says so and goes on waiting.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Wait at most this long, then give up waiting (implies --wait; default: until the job ends)."
                    + " The job is not touched.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("--timeout must be positive, got " + Durations.format(timeout));
        }
        JobSpec spec = job.spec(Clock.systemUTC());
        try (RabbitBroker rabbit = broker.connect("submit")) {
            if (!await && timeout == null) {
                rabbit.jobs().publish(spec);
                System.out.println(spec.jobId());
                return 0;
            }
            System.out.println(spec.jobId());
            ProgressPrinter printer = new ProgressPrinter(System.err, System.console() != null);
            JobWaiter.Outcome outcome = new JobWaiter(rabbit, printer, System.err, JobWaiter.PATIENCE)
                    .submitAndWait(spec, timeout);
            if (!outcome.ended()) return gaveUp(spec, outcome.accepted());
            System.err.println(printer.summary(outcome.end(), JobOptions.outputs(spec)));
            return outcome.end().state() == JobState.SUCCEEDED ? 0 : 1;
        }
    }

    private int gaveUp(JobSpec spec, boolean accepted) {
        String after = Durations.format(timeout);
        if (!accepted) {
            System.err.println("no coordinator took job " + spec.jobId() + " within " + after + "; stopped waiting."
                    + " Its spec stays queued: a coordinator that starts later will run it.");
            return NOT_TAKEN;
        }
        System.err.println("job " + spec.jobId() + " still running after " + after + "; stopped waiting. It goes on:"
                + " warren status " + spec.jobId() + " shows how it does.");
        return STILL_RUNNING;
    }
}
