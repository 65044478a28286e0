package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A unit of work on the task queue. Several attempts of the same task may exist at once (a timeout re-publishes it,
 * the broker redelivers it); each attempt writes only worker-prefixed files, so attempts never collide.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = MapTask.class, name = "map"),
               @JsonSubTypes.Type(value = ReduceTask.class, name = "reduce")})
public sealed interface TaskMessage extends Versioned, Prioritized permits MapTask, ReduceTask {
    String jobId();

    int taskNumber();

    int attempt();

    JobRef job();

    /** How often the worker must report progress while it runs the task; silence for longer means it is lost. */
    long heartbeatMillis();

    Phase phase();

    /**
     * Workers on which an earlier attempt of this task failed. Such a worker hands the task back a few times, so that
     * another worker can take it where there is one; if it keeps coming back, it runs it anyway.
     */
    java.util.List<String> avoidWorkers();

    /** The job's priority, 0 to {@link Topology#MAX_PRIORITY}; the task queue hands out higher ones first. */
    @Override
    int priority();

    /**
     * The term of the coordinator that sent it (docs/fencing.md); 0 from a coordinator before terms. Workers log it and
     * do not refuse older ones: a new term does not send again the tasks the broker already holds, so those copies are
     * its tasks too, and what a run produces is used only if the coordinator records it.
     */
    long epoch();

    /** This message as the coordinator of term {@code epoch} sends it. */
    TaskMessage withEpoch(long epoch);

    static void checkEpoch(long epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }

    static void check(String jobId, int taskNumber, int attempt, JobRef job, long heartbeatMillis, int priority) {
        if (priority < 0 || priority > Topology.MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be between 0 and " + Topology.MAX_PRIORITY + ", got " + priority);
        }
        JobIds.check(jobId);
        if (taskNumber < 0) throw new IllegalArgumentException("taskNumber must be >= 0, got " + taskNumber);
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        if (job == null) throw new IllegalArgumentException("job is required");
        if (heartbeatMillis < 1) throw new IllegalArgumentException("heartbeatMillis must be >= 1, got " + heartbeatMillis);
    }
}
