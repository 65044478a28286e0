package io.warren.coordinator.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskRun;

import java.util.List;
import java.util.Optional;

/**
 * How unevenly a job's keys fall on its reduces: the reduce that holds the most input, and its share of the input of
 * the reduces that told theirs. Each reduce's run says at its start how many bytes of map output it is about to read,
 * so the skew shows while the reduces run, when a straggling reduce is still the question. An aggregating job cannot
 * spread a hot key (it must stay on one reduce), but it can show it.
 *
 * @param task     the reduce with the most input, as {@code reduce-3}
 * @param bytes    its input
 * @param total    the input of every reduce that told it
 * @param reported how many reduces told it
 * @param reduces  the job's reduces
 */
public record ReduceSkew(String task, long bytes, long total, int reported, int reduces) {
    /** The skew of a job with at least two reduces that told their input, and some input at all. */
    public static Optional<ReduceSkew> of(JobRecord job) {
        TaskRecord largest = null;
        long most = -1;
        long total = 0;
        int reported = 0;
        for (TaskRecord reduce : job.reduces()) {
            Long bytes = inputBytes(reduce.runs());
            if (bytes == null) continue;
            reported++;
            total += bytes;
            if (bytes > most) {
                most = bytes;
                largest = reduce;
            }
        }
        if (reported < 2 || total == 0) return Optional.empty();
        return Optional.of(new ReduceSkew(largest.phase().taskId(largest.number()), most, total, reported,
                job.reduces().size()));
    }

    /** The largest reduce's share of the input, 0 to 1. */
    @JsonProperty("share")
    public double share() {
        return (double) bytes / total;
    }

    /** The share each reduce would hold if the keys fell evenly. */
    @JsonProperty("evenShare")
    public double evenShare() {
        return 1.0 / reported;
    }

    /** The input its latest run that told one said; a reduce's input is the same for every run. */
    private static Long inputBytes(List<TaskRun> runs) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).inputBytes() != null) return runs.get(i).inputBytes();
        }
        return null;
    }
}
