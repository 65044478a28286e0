package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a worker reports about one attempt of one task, on the events queue. The coordinator is the only consumer; it
 * treats every event as possibly duplicated or late (a redelivered task is run again, a hung worker wakes up).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = WorkerEvent.TaskStarted.class, name = "started"),
               @JsonSubTypes.Type(value = WorkerEvent.TaskHeartbeat.class, name = "heartbeat"),
               @JsonSubTypes.Type(value = WorkerEvent.TaskCompleted.class, name = "completed"),
               @JsonSubTypes.Type(value = WorkerEvent.TaskFailed.class, name = "failed"),
               @JsonSubTypes.Type(value = WorkerEvent.CommitRequested.class, name = "commitRequested")})
public sealed interface WorkerEvent extends Versioned {
    String jobId();

    Phase phase();

    int taskNumber();

    int attempt();

    String workerId();

    Instant at();

    /**
     * A run began. {@code inputBytes} is what a reduce's run is about to read (the sum of its partition's map outputs),
     * so that skew shows while the reduces run; null for a map, and from workers that do not say.
     */
    record TaskStarted(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long inputBytes) implements WorkerEvent {
        public TaskStarted {
            check(jobId, phase, taskNumber, attempt, workerId, at);
            if (inputBytes != null && inputBytes < 0) {
                throw new IllegalArgumentException("inputBytes must be >= 0, got " + inputBytes);
            }
        }

        public TaskStarted(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at) {
            this(jobId, phase, taskNumber, attempt, workerId, at, null);
        }
    }

    /**
     * The attempt is making progress. {@code status} is the run's latest status message (a streaming command's
     * {@code reporter:status:} line), or null if it set none; at most {@link #MAX_STATUS} characters.
     */
    record TaskHeartbeat(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String status) implements WorkerEvent {
        /** The longest status a heartbeat carries; a longer one is cut, ending in an ellipsis. */
        public static final int MAX_STATUS = 200;

        public TaskHeartbeat {
            check(jobId, phase, taskNumber, attempt, workerId, at);
            status = status == null ? null : shorten(status);
        }

        public TaskHeartbeat(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at) {
            this(jobId, phase, taskNumber, attempt, workerId, at, null);
        }

        private static String shorten(String status) {
            if (status.length() <= MAX_STATUS) return status;
            int end = MAX_STATUS - 1;
            if (Character.isHighSurrogate(status.charAt(end - 1))) end--;
            return status.substring(0, end) + "\u2026";
        }
    }

    /**
     * The attempt's output is durable: map files fsynced and renamed, or the reduce output committed. Carries the
     * run's counters; the coordinator keeps those of the winning run only. {@code startedAt} (optional, added later)
     * is when a run began that did not report its start separately, because it ended first (a short map run): the
     * completion then stands for both. A worker's clock may step back between the two: the reader must not
     * assume {@code startedAt} precedes {@code at}.
     */
    record TaskCompleted(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at,
                         Map<String, Long> counters,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Instant startedAt) implements WorkerEvent {
        public TaskCompleted {
            check(jobId, phase, taskNumber, attempt, workerId, at);
            counters = counters == null ? Map.of() : Map.copyOf(counters);
        }

        public TaskCompleted(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at,
                             Map<String, Long> counters) {
            this(jobId, phase, taskNumber, attempt, workerId, at, counters, null);
        }

        public TaskCompleted(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at) {
            this(jobId, phase, taskNumber, attempt, workerId, at, Map.of());
        }
    }

    /**
     * The attempt threw. {@code error} is the exception's one-line message, {@code detail} its stack trace. A reduce
     * that could not read some map outputs (missing, truncated or corrupt) lists those map tasks in
     * {@code lostMapOutputs}, so the coordinator makes them again instead of blaming the reduce. An attempt that failed
     * on bad input, a compressed file that does not decompress, names that file in {@code badInput} (optional, added
     * later): no other attempt would read it differently, so the coordinator tries the task no more.
     */
    record TaskFailed(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at,
                      String error, String detail, List<Integer> lostMapOutputs,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String badInput)
            implements WorkerEvent {
        public TaskFailed {
            check(jobId, phase, taskNumber, attempt, workerId, at);
            if (error == null) throw new IllegalArgumentException("error is required");
            detail = detail == null ? "" : detail;
            lostMapOutputs = lostMapOutputs == null ? List.of() : List.copyOf(lostMapOutputs);
        }

        public TaskFailed(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at,
                          String error, String detail, List<Integer> lostMapOutputs) {
            this(jobId, phase, taskNumber, attempt, workerId, at, error, detail, lostMapOutputs, null);
        }

        public TaskFailed(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at,
                          String error, String detail) {
            this(jobId, phase, taskNumber, attempt, workerId, at, error, detail, List.of());
        }
    }

    /**
     * A reduce attempt has written its output, still pending (invisible), and asks whether it may commit it. The
     * coordinator grants one attempt of a task and denies the others, and answers with a {@link CommitAnswer} to this
     * worker alone. A worker that hears nothing in time asks again, and gives up at last (docs/task-lifecycle.md).
     */
    record CommitRequested(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at)
            implements WorkerEvent {
        public CommitRequested {
            check(jobId, phase, taskNumber, attempt, workerId, at);
            if (phase != Phase.REDUCE) throw new IllegalArgumentException("only a reduce asks to commit, got " + phase);
        }
    }

    private static void check(String jobId, Phase phase, int taskNumber, int attempt, String workerId, Instant at) {
        JobIds.check(jobId);
        WorkerIds.check(workerId);
        if (phase == null) throw new IllegalArgumentException("phase is required");
        if (taskNumber < 0) throw new IllegalArgumentException("taskNumber must be >= 0, got " + taskNumber);
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        if (at == null) throw new IllegalArgumentException("at is required");
    }
}
