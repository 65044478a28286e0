package io.warren.worker.exec;

import java.nio.file.Path;

/** An input line or emitted pair over the worker's record limit: the task fails with this reason, the worker lives. */
public final class RecordTooLarge extends java.io.IOException {
    RecordTooLarge(Path file, long offset, int limit) {
        super("a line of " + file + " starting at byte " + offset + " is longer than the " + limit
                + "-byte record limit; raise the worker's --max-record-size, or split such lines");
    }

    RecordTooLarge(String what, long size, int limit) {
        super(what + " of " + size + " bytes is larger than the " + limit + "-byte record limit; raise the worker's"
                + " --max-record-size");
    }

    /** A record whose size is not known, only that it passed the limit (a compressed file, decompressed). */
    RecordTooLarge(String what, int limit) {
        super(what + " is larger than the " + limit + "-byte record limit; raise the worker's --max-record-size");
    }
}
