package io.warren.api;

/** Where a mapper or reducer sends its pairs. Keys and values are text; neither may be null. */
@FunctionalInterface
public interface Emitter {
    void emit(String key, String value);
}
