package io.warren.api;

import java.util.Iterator;

/**
 * Adds up values that are decimal whole numbers, and emits the key with the total: the reducer and combiner of every
 * counting job. Warren knows this one: as a combiner it keeps one running {@code long} per key in the map task
 * instead of the values' text, and pairs emitted as numbers ({@link Emitter#emit(CharSequence, long)}) never become
 * text before they are written. A value that is not a number fails the task, naming the key.
 */
public final class LongSum implements Reducer {
    private static final LongSum INSTANCE = new LongSum();

    private LongSum() {
    }

    public static LongSum reducer() {
        return INSTANCE;
    }

    @Override
    public void reduce(String key, Iterator<String> values, Emitter out) {
        long total = 0;
        while (values.hasNext()) {
            String value = values.next();
            try {
                total = Math.addExact(total, Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw new NumberFormatException("key '" + key + "': value '" + value + "' is not a whole number");
            }
        }
        out.emit(key, total);
    }
}
