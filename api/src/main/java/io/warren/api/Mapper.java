package io.warren.api;

/**
 * Turns one input record into any number of key/value pairs. Called once per line (or once per file for jobs whose
 * {@link MapReduceJob#input()} is {@link InputMode#WHOLE_FILE}); pairs go straight to {@code out}, so memory stays
 * bounded whatever the input size.
 */
@FunctionalInterface
public interface Mapper {
    /**
     * @param document the input file's name (its path relative to the storage root)
     * @param record   one line without its line terminator, or the whole file's text
     */
    void map(String document, String record, Emitter out) throws Exception;
}
