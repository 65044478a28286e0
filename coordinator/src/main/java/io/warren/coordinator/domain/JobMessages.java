package io.warren.coordinator.domain;

import io.warren.api.Counters;
import io.warren.protocol.JobRef;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.MapTask;
import io.warren.protocol.Phase;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.TotalOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages that go out about one {@link Job}: each task's, which sends its latest attempt to the workers, and the
 * update its followers hear after a save. The job holds the facts; this class alone puts them in wire form, so that the
 * aggregate does not grow with every field a message gains.
 */
final class JobMessages {
    private final Job job;
    /** What every task of the job carries; built once: a total order's sample plan walks every split. */
    private JobRef ref;

    JobMessages(Job job) {
        this.job = job;
    }

    /** The message that sends {@code task}'s latest attempt to the workers. */
    TaskMessage task(Task task, Duration heartbeatInterval) {
        JobSpec spec = job.spec();
        if (ref == null) {
            ref = new JobRef(spec.appName(), spec.jar(), spec.params(),
                    spec.streaming() == null ? null : spec.streaming().withoutContents(),
                    spec.sortsTotally() ? TotalOrder.plan(job.mapInputs()) : null);
        }
        long heartbeat = heartbeatInterval.toMillis();
        return switch (task.phase()) {
            case MAP -> new MapTask(job.id(), task.number(), task.attempt(), ref, job.mapInputs().get(task.number()),
                    job.reduces().size(), heartbeat, task.failedOn(), spec.priorityLevel());
            case REDUCE -> new ReduceTask(job.id(), task.number(), task.attempt(), ref, job.mapWinners(), spec.output(),
                    heartbeat, task.failedOn(), spec.priorityLevel(), spec.outputCompression());
        };
    }

    /** What followers are told after a save: the job's progress, with its built-in counters only. */
    JobUpdate update(String message, Instant now) {
        return new JobUpdate(job.id(), job.state(), job.succeeded(Phase.MAP), job.maps().size(),
                job.succeeded(Phase.REDUCE), job.reduces().size(), message, now, progressCounters());
    }

    /** The built-in counters only: a job's own counters may be many, and followers need just these for throughput. */
    private Map<String, Long> progressCounters() {
        Map<String, Long> all = job.counters();
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : List.of(Counters.MAP_INPUT_BYTES, Counters.MAP_INPUT_RECORDS, Counters.MAP_OUTPUT_RECORDS,
                Counters.REDUCE_OUTPUT_RECORDS, Counters.BYTES_WRITTEN)) {
            Long v = all.get(name);
            if (v != null) out.put(name, v);
        }
        return out;
    }
}
