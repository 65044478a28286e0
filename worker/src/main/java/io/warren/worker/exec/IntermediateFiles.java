package io.warren.worker.exec;

import io.warren.protocol.ReduceTask;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobDirectory;
import io.warren.worker.io.RunSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a job's map outputs live, for the worker: what a map attempt writes (its R files {@code <workerId>-<map>-<r>}
 * in the job's intermediate directory) and what a reduce reads (its partition of each map task's output, from the
 * worker whose run of that map won), on a directory or in a bucket alike.
 */
public final class IntermediateFiles {
    private static final int BUFFER = 1 << 16;

    private IntermediateFiles() {
    }

    /** The reduce's input runs, in map task order, each named after its map task. */
    static List<RunSource> sources(StorageLayout layout, ReduceTask task) {
        JobDirectory dir = JobDirectory.of(layout, task.jobId());
        List<String> names = names(task);
        List<RunSource> sources = new ArrayList<>(names.size());
        for (int m = 0; m < names.size(); m++) {
            String name = names.get(m);
            String uri = dir.intermediateUri(name);
            sources.add(new RunSource(uri, () -> {
                try {
                    return new BufferedInputStream(dir.openIntermediate(name), BUFFER);
                } catch (NoSuchFileException e) {
                    throw new IOException("intermediate file " + uri + " is missing", e);
                }
            }, List.of(m)));
        }
        return sources;
    }

    private static List<String> names(ReduceTask task) {
        List<String> names = new ArrayList<>(task.mapWorkers().size());
        for (int m = 0; m < task.mapWorkers().size(); m++) {
            names.add(FileNames.intermediate(task.mapWorkers().get(m), m, task.taskNumber()));
        }
        return names;
    }

    /**
     * The bytes the reduce is about to read, for its start report: the skew between reduces shows before they finish.
     * A file that cannot be read counts nothing here; reading it fails the run, which says so.
     */
    public static long bytes(StorageLayout layout, ReduceTask task) {
        JobDirectory dir = JobDirectory.of(layout, task.jobId());
        long total = 0;
        for (String name : names(task)) {
            try {
                total += dir.intermediateSize(name).orElse(0L);
            } catch (IOException e) {
                // unreadable: the reduce's read reports it as a lost map output
            }
        }
        return total;
    }

    /** Where map {@code map} of {@code workerId} writes its R files for the job: paths on a directory, objects in a bucket. */
    static MapFiles.Opener mapOutput(StorageLayout layout, String jobId, String workerId, int map, int reduces) {
        String[] names = new String[reduces];
        for (int r = 0; r < reduces; r++) names[r] = FileNames.intermediate(workerId, map, r);
        if (layout.isBucket()) {
            JobDirectory dir = JobDirectory.of(layout, jobId);
            return (codec, progress) -> new StoredMapFiles(dir, names, codec, progress);
        }
        Path[] finals = new Path[reduces];
        for (int r = 0; r < reduces; r++) finals[r] = layout.intermediateDir(jobId).resolve(names[r]);
        return FinalFiles.at(finals);
    }
}
