package io.warren.worker.exec;

import io.warren.api.MapReduceJob;
import io.warren.protocol.MapTask;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.storage.StorageLayout;

/** Runs one task attempt to durable output, or throws. Loads the job's classes through the shared catalog. */
public final class TaskRunner {
    private final AppCatalog catalog;
    private final MapRunner maps;
    private final ReduceRunner reduces;

    public TaskRunner(StorageLayout layout, String workerId) {
        this.catalog = new AppCatalog(layout);
        this.maps = new MapRunner(layout, workerId);
        this.reduces = new ReduceRunner(layout);
    }

    public void run(TaskMessage task) throws Exception {
        run(task, new Progress());
    }

    public void run(TaskMessage task, Progress progress) throws Exception {
        MapReduceJob job = catalog.instantiate(task.job());
        if (task instanceof MapTask map) {
            maps.run(map, job, progress);
        } else if (task instanceof ReduceTask reduce) {
            reduces.run(reduce, job, progress);
        }
    }
}
