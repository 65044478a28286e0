package io.warren.worker;

import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.Delivery;
import io.warren.broker.port.DurableQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reports finished tasks off the task threads: publishes their outcome events, waits for the broker's confirm, and
 * only then acknowledges their deliveries. Outcomes that finish while a confirm is awaited go out together, under one
 * confirm (group commit), and a task thread is free for its next task meanwhile. The order per task is the worker's
 * rule as before: output durable, outcome confirmed, task acknowledged; if the outcome cannot be confirmed, the task
 * goes back to the queue and runs again.
 */
final class Reporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reporter.class);

    /** A finished task to report; {@code done} runs once its outcome is confirmed and the task acknowledged. */
    record Report(TaskMessage task, Delivery<TaskMessage> delivery, WorkerEvent outcome, Runnable done) {
    }

    private final DurableQueue<WorkerEvent> events;
    private final LinkedBlockingQueue<Report> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private int pending; // guarded by this: handed in, not yet settled

    Reporter(DurableQueue<WorkerEvent> events) {
        this.events = events;
        this.thread = new Thread(this::loop, "reporter");
        thread.setDaemon(true);
        thread.start();
    }

    void report(Report report) {
        synchronized (this) {
            pending++;
        }
        queue.add(report);
    }

    /** Waits until every report handed in so far is settled, for at most {@code timeout}; true if they all are. */
    synchronized boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void loop() {
        List<Report> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            settle(batch);
            synchronized (this) {
                pending -= batch.size();
                notifyAll();
            }
            batch.clear();
        }
    }

    private void settle(List<Report> batch) {
        try {
            events.publish(batch.stream().map(Report::outcome).toList());
        } catch (BrokerUnavailable e) {
            // Without a confirmed report the tasks must not be acked: hand them back so they run again.
            log.error("cannot report {} finished task(s) to the broker, handing them back: {}", batch.size(),
                    e.getMessage());
            batch.forEach(r -> r.delivery().requeue());
            return;
        }
        for (Report r : batch) {
            r.delivery().ack();
            try {
                r.done().run();
            } catch (RuntimeException e) {
                log.warn("after reporting job={} task={}: {}", r.task().jobId(),
                        r.task().phase().taskId(r.task().taskNumber()), e.toString());
            }
        }
    }

    /** Stops reporting; reports not yet settled stay unacknowledged, so the broker hands their tasks out again. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
