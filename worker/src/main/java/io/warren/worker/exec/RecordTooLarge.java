package io.warren.worker.exec;

/** An input line or emitted pair over the worker's record limit: the task fails with this reason, the worker lives. */
public final class RecordTooLarge extends java.io.IOException {

    private RecordTooLarge(String message) {
        super(message);
    }

    RecordTooLarge(String what, long size, int limit) {
        this(what + " of " + size + " bytes is larger than the " + limit + "-byte record limit; raise the worker's"
                + " --max-record-size");
    }

    /** A record whose size is not known, only that it passed the limit (a compressed file, decompressed). */
    RecordTooLarge(String what, int limit) {
        super(what + " is larger than the " + limit + "-byte record limit; raise the worker's --max-record-size");
    }

    /** A line of the input {@code file} starting at {@code offset} runs over the limit. */
    static RecordTooLarge line(String file, long offset, int limit) {
        return new RecordTooLarge("a line of " + file + " starting at byte " + offset + " is longer than the " + limit
                + "-byte record limit; raise the worker's --max-record-size, or split such lines");
    }
}
