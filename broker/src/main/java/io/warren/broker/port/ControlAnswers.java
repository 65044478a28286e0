package io.warren.broker.port;

import io.warren.protocol.ControlAnswer;

import java.util.function.Consumer;

/**
 * Answers to control commands, each heard only by whoever waits on its request id. Not durable: the sender waits for
 * a few seconds and no longer, and a sender that is gone needs no answer.
 */
public interface ControlAnswers {
    /** Sends the answer to whoever listens for its request id; best effort. */
    void answer(ControlAnswer answer);

    /** Receives the answer to this request; listen before sending the command, so the answer cannot be missed. */
    Subscription listen(String requestId, Consumer<ControlAnswer> listener);
}
