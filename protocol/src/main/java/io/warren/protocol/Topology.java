package io.warren.protocol;

import java.util.Map;

/**
 * Every queue and exchange name and argument, as data. All names share a prefix ({@code warren} in production, a
 * unique one per test) so they group together in the management UI.
 * <ul>
 *   <li>{@code <p>.jobs}: job specs from any client; the coordinator consumes it.</li>
 *   <li>{@code <p>.tasks}: map and reduce tasks; workers consume it with manual acks and prefetch = free slots.</li>
 *   <li>{@code <p>.events}: started / heartbeat / completed / failed, from workers to the coordinator.</li>
 *   <li>{@code <p>.control}: commands about submitted jobs (cancel); the coordinator consumes it.</li>
 *   <li>{@code <p>.coordinator-lock}: an exclusive queue; whoever holds it is the active coordinator.</li>
 *   <li>{@code <p>.dead-letter} (fanout exchange) to {@code <p>.dead-letters}: messages no consumer could accept,
 *       each with {@link #REASON_HEADER} saying why.</li>
 *   <li>{@code <p>.progress} (topic exchange): job updates, routing key {@code job.<jobId>}; answers to control
 *       commands, routing key {@code answer.<requestId>}; answers to a worker's commit requests, routing key
 *       {@code commit.<workerId>}.</li>
 * </ul>
 * The jobs, events and control queues use single active consumer, so a standby coordinator can wait its turn.
 */
public record Topology(String prefix) {
    public static final String DEFAULT_PREFIX = "warren";
    public static final String REASON_HEADER = "x-warren-reason";
    public static final String SOURCE_HEADER = "x-warren-source-queue";
    public static final int MAX_PRIORITY = 9;

    public Topology {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("topology prefix must be 1-100 characters of A-Z a-z 0-9 . _ -, got "
                    + Printable.quote(prefix));
        }
    }

    public static Topology standard() {
        return new Topology(DEFAULT_PREFIX);
    }

    public String jobsQueue() {
        return prefix + ".jobs";
    }

    public String tasksQueue() {
        return prefix + ".tasks";
    }

    public String eventsQueue() {
        return prefix + ".events";
    }

    public String controlQueue() {
        return prefix + ".control";
    }

    public String coordinatorLockQueue() {
        return prefix + ".coordinator-lock";
    }

    public String deadLetterExchange() {
        return prefix + ".dead-letter";
    }

    public String deadLetterQueue() {
        return prefix + ".dead-letters";
    }

    public String progressExchange() {
        return prefix + ".progress";
    }

    public static String progressRoutingKey(String jobId) {
        return "job." + jobId;
    }

    /** Where worker beacons go, on the progress exchange. */
    public static String beaconRoutingKey(String workerId) {
        return "worker." + workerId;
    }

    public static final String BEACON_BINDING = "worker.#";

    /** Where a refusal meant for one submission only goes; other followers of the job id never see it. */
    public static String refusalRoutingKey(String jobId, String fingerprint) {
        return "refused." + jobId + "." + fingerprint;
    }

    /** Where the coordinator's answer to one control command goes, on the progress exchange. */
    public static String answerRoutingKey(String requestId) {
        return "answer." + requestId;
    }

    /** Where the coordinator's answers to one worker's commit requests go, on the progress exchange. */
    public static String commitRoutingKey(String workerId) {
        return "commit." + WorkerIds.check(workerId);
    }

    /** Arguments of the work queues: rejected messages dead-letter instead of vanishing. */
    public Map<String, Object> workQueueArguments(String queue) {
        Map<String, Object> dlx = Map.of("x-dead-letter-exchange", deadLetterExchange());
        if (queue.equals(tasksQueue())) {
            return Map.of("x-dead-letter-exchange", deadLetterExchange(), "x-max-priority", MAX_PRIORITY);
        }
        if (queue.equals(jobsQueue()) || queue.equals(eventsQueue()) || queue.equals(controlQueue())) {
            return Map.of("x-dead-letter-exchange", deadLetterExchange(), "x-single-active-consumer", true);
        }
        return dlx;
    }

    public java.util.List<String> workQueues() {
        return java.util.List.of(jobsQueue(), tasksQueue(), eventsQueue(), controlQueue());
    }
}
