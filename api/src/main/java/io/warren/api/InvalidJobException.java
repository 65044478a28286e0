package io.warren.api;

/**
 * Thrown by {@link MapReduceJob#validate} (or by the factory methods) when a job cannot run as submitted, for example
 * a missing or malformed parameter. The message is shown to the user as the reason the job failed, so say what to fix.
 */
public class InvalidJobException extends RuntimeException {
    public InvalidJobException(String message) {
        super(message);
    }

    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
