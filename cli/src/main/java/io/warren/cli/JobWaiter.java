package io.warren.cli;

import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.port.Broker;
import io.warren.protocol.port.Subscription;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/** Submits a job and follows it to the end through the progress feed. Used by {@code submit --wait} and {@code run}. */
final class JobWaiter {

    static JobUpdate submitAndWait(Broker broker, JobSpec spec, PrintStream out) throws InterruptedException {
        ProgressPrinter printer = new ProgressPrinter(out, System.console() != null);
        CompletableFuture<JobUpdate> done = new CompletableFuture<>();
        // Follow before submitting, so not even the first update can be missed.
        try (Subscription ignored = broker.progress().follow(spec, u -> {
            printer.show(u);
            if (u.state().isTerminal()) done.complete(u);
        })) {
            broker.jobs().publish(spec);
            try {
                return done.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private JobWaiter() {
    }
}
