package io.warren.worker;

import io.warren.broker.port.CommitAnswers;
import io.warren.broker.port.DurableQueue;
import io.warren.broker.port.Subscription;
import io.warren.protocol.CommitAnswer;
import io.warren.protocol.Phase;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.WorkerEvent;
import io.warren.worker.exec.CommitDenied;
import io.warren.worker.exec.CommitPermission;
import io.warren.worker.exec.CommitUnanswered;
import io.warren.worker.exec.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker's side of the commit gate: a reduce attempt asks the coordinator on the events queue and waits for the
 * answer on the worker's own reply path. It asks again at each heartbeat interval, since neither the request nor the
 * answer is durable, and gives up after {@link #GIVE_UP_AFTER} heartbeat intervals, twice the task timeout: by then
 * the coordinator has counted the run lost and runs the task elsewhere, so a worker cut off from the broker stops
 * waiting and hands its task back instead of hanging. A reduce sent by a coordinator from before terms (no epoch) is
 * not asked about: that coordinator has no gate.
 */
final class CommitRequests implements CommitPermission, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommitRequests.class);
    /** Heartbeat intervals to wait for an answer: the task timeout is four. */
    static final int GIVE_UP_AFTER = 8;

    private record Key(String jobId, int task, int attempt) {
    }

    private final String workerId;
    private final DurableQueue<WorkerEvent> events;
    private final Clock clock;
    private final Map<Key, CompletableFuture<CommitAnswer>> waiting = new ConcurrentHashMap<>();
    private final Subscription answers;

    CommitRequests(String workerId, DurableQueue<WorkerEvent> events, CommitAnswers replies, Clock clock) {
        this.workerId = workerId;
        this.events = events;
        this.clock = clock;
        this.answers = replies.listen(workerId, this::heard);
    }

    private void heard(CommitAnswer answer) {
        CompletableFuture<CommitAnswer> f = waiting.get(new Key(answer.jobId(), answer.taskNumber(), answer.attempt()));
        if (f != null) f.complete(answer); // else a late answer, to a request given up or answered already
    }

    @Override
    public void await(ReduceTask task, Progress progress) throws InterruptedException {
        // A coordinator from before terms (epoch 0) has no gate and would never answer: the create-only commit decides.
        if (task.epoch() == 0) return;
        Key key = new Key(task.jobId(), task.taskNumber(), task.attempt());
        CompletableFuture<CommitAnswer> answer = new CompletableFuture<>();
        waiting.put(key, answer);
        long interval = task.heartbeatMillis();
        long slice = Math.max(10, interval / 4); // ticks often enough that no heartbeat is skipped
        try {
            for (int asked = 0; asked < GIVE_UP_AFTER; asked++) {
                ask(task);
                for (long waited = 0; waited < interval; waited += slice) {
                    progress.tick(); // waiting for the coordinator is progress: the run's heartbeats go on
                    CommitAnswer a = answerWithin(answer, slice);
                    if (a == null) continue;
                    if (a.verdict() == CommitAnswer.Verdict.DENIED) throw new CommitDenied(a.reason());
                    if (asked > 0) {
                        log.info("job={} task=reduce-{} attempt={} worker={}: commit granted after {} requests",
                                task.jobId(), task.taskNumber(), task.attempt(), workerId, asked + 1);
                    }
                    return;
                }
                log.debug("job={} task=reduce-{} attempt={} worker={}: no answer to the commit request yet",
                        task.jobId(), task.taskNumber(), task.attempt(), workerId);
            }
            throw new CommitUnanswered(Duration.ofMillis(interval * GIVE_UP_AFTER));
        } finally {
            waiting.remove(key);
        }
    }

    private static CommitAnswer answerWithin(CompletableFuture<CommitAnswer> answer, long millis)
            throws InterruptedException {
        try {
            return answer.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a commit answer that failed: " + e.getCause(), e.getCause());
        }
    }

    private void ask(ReduceTask task) {
        try {
            events.publishWithoutWaiting(new WorkerEvent.CommitRequested(task.jobId(), Phase.REDUCE, task.taskNumber(),
                    task.attempt(), workerId, clock.instant()));
        } catch (RuntimeException e) {
            log.debug("commit request not sent", e); // the broker is away: asked again at the next interval
        }
    }

    @Override
    public void close() {
        answers.close();
    }
}
