package io.warren.broker.port;

import io.warren.protocol.CommitAnswer;

import java.util.function.Consumer;

/**
 * The coordinator's answers to workers' commit requests, each heard only by the worker that asked. Not durable: a
 * worker that is cut off misses the answer, asks again, and gives up after a bounded time.
 */
public interface CommitAnswers {
    /** Sends the answer to the worker it names; best effort, without waiting for the broker, and never throws. */
    void answer(CommitAnswer answer);

    /** Receives every answer to {@code workerId}'s requests from now on; listen before asking. */
    Subscription listen(String workerId, Consumer<CommitAnswer> listener);
}
