package io.warren.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.FileNames;

import java.util.List;

/**
 * Reduce partition {@code taskNumber}: read it from every map task's output and commit {@code <output>/mr-out-<n>},
 * compressed as {@code outputCompression} says (optional, added later: {@code "gzip"} or {@code "zstd"}, see
 * {@link io.warren.protocol.storage.Compression#forOutput}) with its extension.
 * {@code mapWorkers.get(m)} is the worker whose output of map task m won; the file names follow from it by
 * {@link FileNames#intermediate}, so they are never sent around.
 */
public record ReduceTask(String jobId, int taskNumber, int attempt, JobRef job, List<String> mapWorkers, String output,
                         long heartbeatMillis, List<String> avoidWorkers,
                      @JsonSetter(nulls = Nulls.AS_EMPTY) @JsonInclude(JsonInclude.Include.NON_DEFAULT) int priority,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String outputCompression,
                      @JsonSetter(nulls = Nulls.AS_EMPTY) @JsonInclude(JsonInclude.Include.NON_DEFAULT) long epoch)
        implements TaskMessage {
    public ReduceTask {
        TaskMessage.checkEpoch(epoch);
        TaskMessage.check(jobId, taskNumber, attempt, job, heartbeatMillis, priority);
        avoidWorkers = avoidWorkers == null ? List.of() : List.copyOf(avoidWorkers);
        avoidWorkers.forEach(WorkerIds::check);
        if (mapWorkers == null) throw new IllegalArgumentException("mapWorkers is required");
        mapWorkers = List.copyOf(mapWorkers);
        mapWorkers.forEach(WorkerIds::check);
        if (output == null || output.isBlank()) throw new IllegalArgumentException("output is required");
        // outputCompression is not checked here: a format this worker does not know fails the task with a reason
        // (when the reduce opens its output), rather than dead-lettering the message
    }

    public ReduceTask(String jobId, int taskNumber, int attempt, JobRef job, List<String> mapWorkers, String output,
                      long heartbeatMillis, List<String> avoidWorkers, int priority) {
        this(jobId, taskNumber, attempt, job, mapWorkers, output, heartbeatMillis, avoidWorkers, priority, null);
    }

    public ReduceTask(String jobId, int taskNumber, int attempt, JobRef job, List<String> mapWorkers, String output,
                      long heartbeatMillis, List<String> avoidWorkers, int priority, String outputCompression) {
        this(jobId, taskNumber, attempt, job, mapWorkers, output, heartbeatMillis, avoidWorkers, priority,
                outputCompression, 0);
    }

    public ReduceTask(String jobId, int taskNumber, int attempt, JobRef job, List<String> mapWorkers, String output,
                      long heartbeatMillis, List<String> avoidWorkers) {
        this(jobId, taskNumber, attempt, job, mapWorkers, output, heartbeatMillis, avoidWorkers, 0);
    }

    @Override
    public Phase phase() {
        return Phase.REDUCE;
    }

    public ReduceTask withAttempt(int next) {
        return new ReduceTask(jobId, taskNumber, next, job, mapWorkers, output, heartbeatMillis, avoidWorkers, priority,
                outputCompression, epoch);
    }

    @Override
    public ReduceTask withEpoch(long term) {
        return new ReduceTask(jobId, taskNumber, attempt, job, mapWorkers, output, heartbeatMillis, avoidWorkers,
                priority, outputCompression, term);
    }

    /**
     * The name this task commits its output under, in {@link #output()}: {@code mr-out-<n>}, with its extension.
     *
     * @throws IllegalArgumentException for an output compression this version does not know
     */
    public String outputFileName() {
        return FileNames.output(taskNumber, Compression.forOutput(outputCompression));
    }
}
