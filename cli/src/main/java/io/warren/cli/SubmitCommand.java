package io.warren.cli;

import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.rabbit.RabbitBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;

/** Publishes a job spec to the job queue, like any other AMQP client could, and optionally waits for the result. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a job to the fleet and print its id. Paths are relative to the coordinator's storage root.")
final class SubmitCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;
    @Mixin
    BrokerOptions broker;

    @Option(names = "--wait", description = "Show progress and wait for the job; exit 0 on success, 1 on failure.")
    boolean await;

    @Override
    public Integer call() throws Exception {
        JobSpec spec = job.spec(Clock.systemUTC());
        try (RabbitBroker rabbit = broker.connect("submit")) {
            if (!await) {
                rabbit.jobs().publish(spec);
                System.out.println(spec.jobId());
                return 0;
            }
            System.out.println(spec.jobId());
            JobUpdate end = JobWaiter.submitAndWait(rabbit, spec, System.err);
            if (end.state() == JobState.SUCCEEDED) {
                System.err.println("job " + spec.jobId() + " succeeded; output in " + spec.output());
                return 0;
            }
            System.err.println("job " + spec.jobId() + " failed: " + end.message().replaceFirst("^failed: |^refused: ", ""));
            return 1;
        }
    }
}
