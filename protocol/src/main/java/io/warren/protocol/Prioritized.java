package io.warren.protocol;

/**
 * A message that a queue declared with {@code x-max-priority} hands out ahead of lower ones: 0 (the default, lowest) to
 * {@link Topology#MAX_PRIORITY}. Both brokers honour it; among equal priorities order stays first in, first out.
 */
public interface Prioritized {
    int priority();
}
