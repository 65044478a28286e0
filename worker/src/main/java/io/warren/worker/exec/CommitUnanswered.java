package io.warren.worker.exec;

import io.warren.protocol.Durations;

import java.time.Duration;

/**
 * No answer to a reduce attempt's commit request within the bound: the worker is cut off from the broker, or no
 * coordinator is active. The attempt discards its output and hands its task back rather than wait without end.
 */
public final class CommitUnanswered extends RuntimeException {
    public CommitUnanswered(Duration waited) {
        super("no answer to the commit request in " + Durations.format(waited) + "; is the broker reachable?");
    }
}
