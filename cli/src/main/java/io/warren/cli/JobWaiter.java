package io.warren.cli;

import io.warren.protocol.Durations;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.broker.port.Broker;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.Subscription;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Submits a job and follows it to the end through the progress feed, showing each update. Used by {@code submit --wait}
 * and {@code run}. When no coordinator has taken the job after a while, or none is answering any more, it says so
 * instead of waiting in silence.
 */
final class JobWaiter {
    /** How long a submitter waits for a coordinator to take the job before it says that none has. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private final Broker broker;
    private final ProgressPrinter printer;
    private final PrintStream out;
    private final Duration patience;

    /** Where waiting ended: at the job's end, or at the timeout, with or without a coordinator having taken the job. */
    record Outcome(JobUpdate end, boolean accepted) {
        boolean ended() {
            return end != null;
        }
    }

    JobWaiter(Broker broker, ProgressPrinter printer, PrintStream out, Duration patience) {
        this.broker = broker;
        this.printer = printer;
        this.out = out;
        this.patience = patience;
    }

    /** Submits and waits for the job's end, or until {@code timeout} has passed (null: as long as it takes). */
    Outcome submitAndWait(JobSpec spec, Duration timeout) throws InterruptedException {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        CompletableFuture<JobUpdate> done = new CompletableFuture<>();
        AtomicBoolean saidGone = new AtomicBoolean();
        // Follow before submitting, so not even the first update can be missed.
        try (Subscription ignored = broker.progress().follow(spec, u -> {
            accepted.complete(null); // any update, a refusal too, comes from a coordinator that took the job
            answering(saidGone);
            printer.show(u);
            if (u.state().isTerminal()) done.complete(u);
        })) {
            broker.jobs().publish(spec);
            long start = System.nanoTime();
            boolean patienceFirst = timeout == null || patience.compareTo(timeout) < 0;
            if (!completes(accepted, patienceFirst ? patience : timeout)) {
                if (!patienceFirst) return new Outcome(null, false);
                out.println("no coordinator has accepted job " + spec.jobId() + " yet after " + Durations.format(patience)
                        + "; is one running (warren coordinator)? Still waiting"
                        + (timeout == null ? "" : ", for at most " + Durations.format(timeout)) + "...");
                out.flush();
            }
            return awaitEnd(spec, done, accepted, saidGone, timeout, start);
        }
    }

    /**
     * Waits for the job's end, looking every {@code patience} whether any coordinator still listens for the workers'
     * events: when none does (it died, or stopped), it says so, since the job cannot move on until one starts, and
     * says so again when one is back.
     */
    private Outcome awaitEnd(JobSpec spec, CompletableFuture<JobUpdate> done, CompletableFuture<Void> accepted,
                             AtomicBoolean saidGone, Duration timeout, long start) throws InterruptedException {
        while (true) {
            Duration left = timeout == null ? null : timeout.minusNanos(System.nanoTime() - start);
            if (left != null && (left.isNegative() || left.isZero())) return new Outcome(null, accepted.isDone());
            Duration step = left == null || patience.compareTo(left) < 0 ? patience : left;
            if (completes(done, step)) return new Outcome(done.join(), true);
            Boolean listening = coordinatorListening();
            if (listening == null) continue;
            if (!listening && accepted.isDone() && saidGone.compareAndSet(false, true)) {
                synchronized (out) {
                    out.println("no coordinator is answering: none listens for the workers' reports, so job " + spec.jobId()
                            + " cannot move on; it stays on record and goes on when a coordinator starts (warren"
                            + " coordinator). Still waiting...");
                    out.flush();
                }
            } else if (listening) {
                answering(saidGone);
            }
        }
    }

    /** A coordinator answers (it listens, or a job update came): says so once after having said none did. */
    private void answering(AtomicBoolean saidGone) {
        if (saidGone.compareAndSet(true, false)) {
            synchronized (out) {
                out.println("a coordinator is answering again");
                out.flush();
            }
        }
    }

    /** Whether a coordinator consumes the events queue; null if the broker cannot be asked just now. */
    private Boolean coordinatorListening() {
        try {
            return broker.events().consumers() > 0;
        } catch (BrokerUnavailable e) {
            return null;
        }
    }

    /** Whether the future completes within {@code wait} (null: waits as long as it takes). */
    private static boolean completes(CompletableFuture<?> future, Duration wait) throws InterruptedException {
        try {
            if (wait == null) future.get();
            else future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
