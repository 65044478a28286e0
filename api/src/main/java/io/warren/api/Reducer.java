package io.warren.api;

import java.util.Iterator;

/**
 * Folds every value emitted for one key. Keys arrive in sorted order, each exactly once per reduce task; the values
 * are streamed, so do not hold on to the iterator after returning. Also used as a combiner, when a job offers one.
 * Under a job's {@link Grouping} the key is a group's, and the values those of all its keys, in whole-key order.
 */
@FunctionalInterface
public interface Reducer {
    void reduce(String key, Iterator<String> values, Emitter out) throws Exception;
}
