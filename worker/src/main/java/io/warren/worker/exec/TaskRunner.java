package io.warren.worker.exec;

import io.warren.api.MapReduceJob;
import io.warren.protocol.MapTask;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobJars;

import java.util.Map;

/** Runs one task attempt to durable output, or throws. Loads the job's classes through the shared catalog. */
public final class TaskRunner {
    private final AppCatalog catalog;
    private final MapRunner maps;
    private final ReduceRunner reduces;
    private final StreamingTasks streaming;

    /** @param permission asked by each reduce attempt before it commits its output */
    public TaskRunner(StorageLayout layout, String workerId, ExecSettings settings, CommitPermission permission) {
        this.catalog = new AppCatalog(JobJars.under(layout));
        this.maps = new MapRunner(layout, workerId, settings);
        this.reduces = new ReduceRunner(layout, settings, permission);
        this.streaming = new StreamingTasks(layout, workerId, settings, reduces);
    }

    /** Runs the task, reporting how far it got to {@code progress}; returns its counters. */
    public Map<String, Long> run(TaskMessage task, Progress progress) throws Exception {
        if (task.job().streaming() != null) {
            TaskCounters counters = new TaskCounters();
            streaming.run(task, progress, counters);
            return counters.snapshot();
        }
        MapReduceJob job = catalog.instantiate(task.job());
        TaskCounters counters = new TaskCounters();
        if (task instanceof MapTask map) {
            maps.run(map, job, progress, counters);
        } else if (task instanceof ReduceTask reduce) {
            reduces.run(reduce, job, progress, counters);
        }
        return counters.snapshot();
    }

    /** Kills the process trees of streaming tasks still running; for a worker that is closing. */
    public void close() {
        streaming.close();
    }

    /** How many streaming processes (mappers, reducers, combiners) run now. */
    public int streamingProcesses() {
        return streaming.running();
    }
}
