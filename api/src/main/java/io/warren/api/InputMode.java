package io.warren.api;

/** How a job's input files reach its mapper. */
public enum InputMode {
    /** One {@link Mapper#map} call per line; a large file may be split across several map tasks. */
    LINES,
    /** One call per file with its whole text; the file is never split. For jobs that need a document at once. */
    WHOLE_FILE
}
