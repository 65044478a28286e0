package io.warren.api;

/**
 * Where a mapper or reducer sends its pairs. Keys and values are text; neither may be null.
 *
 * <p>Besides Strings, a mapper may emit any {@link CharSequence}, such as a {@link Text} slice of its line, and whole
 * numbers: Warren then copies the bytes without making a {@code String}, and with a {@link LongSum} combiner adds the
 * numbers up as numbers. Every form means the same pair: {@code emit(word, 1)} is {@code emit(word, "1")}.
 */
@FunctionalInterface
public interface Emitter {
    void emit(String key, String value);

    default void emit(CharSequence key, CharSequence value) {
        emit(key.toString(), value.toString());
    }

    /** The pair {@code (key, Long.toString(value))}. */
    default void emit(CharSequence key, long value) {
        emit(key.toString(), Long.toString(value));
    }

    /**
     * A record that is one line of output as it is, with no key/value separator: what a reduce that outputs records
     * rather than pairs (a sort) emits. Where pairs are expected, it is the pair {@code (record, "")}.
     */
    default void emitRecord(CharSequence record) {
        emit(record, "");
    }
}
