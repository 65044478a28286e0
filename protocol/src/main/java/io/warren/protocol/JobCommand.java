package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** An instruction about a job already submitted, on the control queue; the coordinator is its only consumer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = JobCommand.CancelJob.class, name = "cancel")})
public sealed interface JobCommand extends Versioned {
    String jobId();

    /** Stop the job: drop its queued tasks, abandon running ones, delete its files, mark it CANCELLED. */
    record CancelJob(String jobId, String reason) implements JobCommand {
        public CancelJob {
            JobIds.check(jobId);
            reason = reason == null || reason.isBlank() ? "cancelled by request" : reason;
        }
    }
}
