package io.warren.worker.io;

import java.io.IOException;

/** An intermediate file that is not what its writer wrote: truncated, bit-flipped, or not an intermediate file at all. */
public class CorruptRunException extends IOException {
    public CorruptRunException(String file, String what) {
        super("corrupt intermediate file " + file + ": " + what);
    }
}
