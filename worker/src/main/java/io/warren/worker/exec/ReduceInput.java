package io.warren.worker.exec;

import io.warren.protocol.ReduceTask;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a reduce reads: its partition of each map task's output, from the worker whose run of that map won. */
public final class ReduceInput {
    private ReduceInput() {
    }

    /** The reduce's input files, in map task order. */
    public static List<Path> files(StorageLayout layout, ReduceTask task) {
        Path dir = layout.intermediateDir(task.jobId());
        List<Path> files = new ArrayList<>(task.mapWorkers().size());
        for (int m = 0; m < task.mapWorkers().size(); m++) {
            files.add(dir.resolve(FileNames.intermediate(task.mapWorkers().get(m), m, task.taskNumber())));
        }
        return files;
    }

    /**
     * The bytes the reduce is about to read, for its start report: the skew between reduces shows before they finish.
     * A file that cannot be read counts nothing here; reading it fails the run, which says so.
     */
    public static long bytes(StorageLayout layout, ReduceTask task) {
        long total = 0;
        for (Path file : files(layout, task)) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                // missing or unreadable: the reduce's read reports it as a lost map output
            }
        }
        return total;
    }
}
