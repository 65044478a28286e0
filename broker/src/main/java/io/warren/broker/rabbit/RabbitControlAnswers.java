package io.warren.broker.rabbit;

import io.warren.broker.port.ControlAnswers;
import io.warren.broker.port.Subscription;
import io.warren.protocol.ControlAnswer;
import io.warren.protocol.Topology;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Answers to control commands, each on a routing key of its request id. */
final class RabbitControlAnswers implements ControlAnswers {
    private final ExchangeFeed feed;

    RabbitControlAnswers(ExchangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public void answer(ControlAnswer answer) {
        feed.publish(Topology.answerRoutingKey(answer.requestId()), answer,
                "answer to request " + answer.requestId() + " about job=" + answer.jobId());
    }

    @Override
    public Subscription listen(String requestId, Consumer<ControlAnswer> listener) {
        ControlAnswer.checkRequestId(requestId);
        // Exclusive: the answer is for this client alone, while it waits.
        return feed.listen(ExchangeFeed.ListenerQueue.exclusive(Map.of()),
                List.of(Topology.answerRoutingKey(requestId)), ControlAnswer.class, listener,
                "answers to request " + requestId);
    }
}
