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

    /**
     * Without waiting for a confirm: the coordinator answers on its event thread, a batch may hold many requests, and a
     * lost answer costs only the worker's next request.
     */
    @Override
    public void answer(CommitAnswer answer) {
        feed.send(Topology.commitRoutingKey(answer.workerId()), ExchangeFeed.JSON, answer);
    }

    @Override
    public Subscription listen(String workerId, Consumer<CommitAnswer> listener) {
        // Exclusive: the answers are for this worker alone, and automatic recovery declares the queue anew.
        return feed.listen(ExchangeFeed.ListenerQueue.exclusive(Map.of()), List.of(Topology.commitRoutingKey(workerId)),
                CommitAnswer.class, listener, "commit answers to worker " + workerId);
    }
}
