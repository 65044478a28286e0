package io.warren.worker.exec;

/**
 * A streaming task's process failed: it could not start, exited with a non-zero status, wrote a line that is not
 * UTF-8 or is over the record limit, made no progress for the task timeout, or was stopped. The message is the task's
 * failure reason, with the tail of the process's stderr where there is one.
 */
public final class StreamingFailure extends java.io.IOException {
    StreamingFailure(String message) {
        super(message);
    }

    StreamingFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
