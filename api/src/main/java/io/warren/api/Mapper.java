package io.warren.api;

/**
 * Turns one input record into any number of key/value pairs. Called once per line (or once per file for jobs whose
 * {@link MapReduceJob#input()} is {@link InputMode#WHOLE_FILE}); pairs go straight to {@code out}, so memory stays
 * bounded whatever the input size.
 *
 * <p>A mapper that would rather read bytes than a {@code String} overrides {@link #map(String, Text, Emitter)} too:
 * Warren always calls that one, and by default it hands the decoded line to {@link #map(String, String, Emitter)}.
 */
@FunctionalInterface
public interface Mapper {
    /**
     * @param document the input file's name (its path relative to the storage root)
     * @param record   one line without its line terminator, or the whole file's text
     */
    void map(String document, String record, Emitter out) throws Exception;

    /**
     * The same call with the record as UTF-8 bytes, a view valid during this call only (see {@link Text}).
     * Override it to skip decoding each line into a {@code String}.
     */
    default void map(String document, Text record, Emitter out) throws Exception {
        map(document, record.toString(), out);
    }
}
