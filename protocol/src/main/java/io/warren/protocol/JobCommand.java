package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An instruction about a job already submitted, on the control queue; the active coordinator is its only consumer. A
 * command that carries a {@link #requestId()} gets a {@link ControlAnswer} to that id, so its sender learns at once what
 * came of it; without one, nobody is told.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = JobCommand.CancelJob.class, name = "cancel")})
public sealed interface JobCommand extends Versioned {
    String jobId();

    /** Where the answer goes, or null when the sender waits for none. */
    String requestId();

    /** Stop the job: drop its queued tasks, abandon running ones, delete its files, mark it CANCELLED. */
    record CancelJob(String jobId, String reason,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String requestId) implements JobCommand {
        public CancelJob {
            JobIds.check(jobId);
            reason = reason == null || reason.isBlank() ? "cancelled by request" : reason;
            if (requestId != null) ControlAnswer.checkRequestId(requestId);
        }

        /** A cancel whose sender does not wait for an answer. */
        public CancelJob(String jobId, String reason) {
            this(jobId, reason, null);
        }
    }
}
