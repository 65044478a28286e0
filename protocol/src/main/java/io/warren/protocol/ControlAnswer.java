package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.regex.Pattern;

/**
 * The active coordinator's answer to one {@link JobCommand}, sent only to the command's sender (routing key
 * {@code answer.<requestId>} on the progress exchange). A standby coordinator consumes no commands, so it never answers.
 *
 * @param state       the job's state after the command; null when there is no such job
 * @param message     a line for a person, such as the reason a job had ended
 * @param coordinator the process that answered, as it names its broker connection
 */
public record ControlAnswer(String requestId, String jobId, Outcome outcome,
                            @JsonInclude(JsonInclude.Include.NON_NULL) JobState state, String message,
                            String coordinator) implements Versioned {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** What came of the command. */
    public enum Outcome {
        /** The job was running and is now CANCELLED. */
        CANCELLED,
        /** The coordinator has no record of the job. */
        NO_SUCH_JOB,
        /** The job had already ended; {@code state} says how. */
        ALREADY_ENDED
    }

    public ControlAnswer {
        checkRequestId(requestId);
        JobIds.check(jobId);
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
        if (outcome != Outcome.NO_SUCH_JOB && state == null) {
            throw new IllegalArgumentException("state is required for outcome " + outcome);
        }
        message = message == null ? "" : message;
        coordinator = coordinator == null ? "" : coordinator;
    }

    /** Request ids become part of a routing key, so they are limited to letters, digits, '-' and '_' (a UUID fits). */
    public static String checkRequestId(String requestId) {
        if (requestId == null || !SAFE.matcher(requestId).matches()) {
            throw new IllegalArgumentException("request id must be 1-64 characters of A-Z a-z 0-9 _ - starting with a"
                    + " letter or digit, got " + Printable.quote(requestId));
        }
        return requestId;
    }
}
