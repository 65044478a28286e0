package io.warren.broker.rabbit;

import io.warren.broker.port.CommitAnswers;
import io.warren.broker.port.Subscription;
import io.warren.protocol.CommitAnswer;
import io.warren.protocol.Topology;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Answers to commit requests, each on a routing key of the worker that asked. */
final class RabbitCommitAnswers implements CommitAnswers {
    private final ExchangeFeed feed;

    RabbitCommitAnswers(ExchangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public void answer(CommitAnswer answer) {
        feed.publish(Topology.commitRoutingKey(answer.workerId()), answer, "commit answer to worker=" + answer.workerId()
                + " job=" + answer.jobId() + " task=reduce-" + answer.taskNumber() + " attempt=" + answer.attempt());
    }

    @Override
    public Subscription listen(String workerId, Consumer<CommitAnswer> listener) {
        // Exclusive: the answers are for this worker alone, and automatic recovery declares the queue anew.
        return feed.listen(ExchangeFeed.ListenerQueue.exclusive(Map.of()), List.of(Topology.commitRoutingKey(workerId)),
                CommitAnswer.class, listener, "commit answers to worker " + workerId);
    }
}
