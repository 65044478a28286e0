package io.warren.worker.exec;

import io.warren.api.Emitter;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.apps.AppContext;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one reduce attempt: reads partition r of every winning map output, groups the values by key, calls the user's
 * reducer in sorted key order and writes {@code key value} lines to a temporary file of its own, which is fsynced and
 * committed as {@code mr-out-<r>} only if no other attempt committed it first.
 */
final class ReduceRunner {
    private final StorageLayout layout;

    ReduceRunner(StorageLayout layout) {
        this.layout = layout;
    }

    /** @return whether this attempt's file became the output (false: an earlier attempt's already had) */
    boolean run(ReduceTask task, MapReduceJob job, Progress progress) throws Exception {
        Reducer reducer = job.reducer(new AppContext(task.jobId(), task.job().params()));
        TreeMap<String, List<String>> groups = readPartition(task, progress);
        Path target = layout.resolve(task.output()).resolve(FileNames.output(task.taskNumber()));
        Files.createDirectories(target.getParent());
        Path temp = DurableFiles.tempFileFor(target);
        try {
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
                    StandardCharsets.UTF_8), 64 * 1024)) {
                Emitter emitter = (key, value) -> {
                    if (key == null || value == null) throw new IllegalArgumentException("reduce emitted a null key or value");
                    try {
                        out.write(key);
                        out.write(' ');
                        out.write(value);
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                for (Map.Entry<String, List<String>> group : groups.entrySet()) {
                    progress.tick();
                    Iterator<String> values = group.getValue().iterator();
                    reducer.reduce(group.getKey(), new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return values.hasNext();
                        }

                        @Override
                        public String next() {
                            progress.tick();
                            return values.next();
                        }
                    }, emitter);
                }
            }
            boolean won = DurableFiles.commitOnce(temp, target);
            if (won) withdrawIfJobEnded(task, target);
            return won;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A reduce committed after its job failed or was cancelled (the coordinator deleted the intermediate directory
     * without writing {@code _SUCCESS}) must not leave a stray part behind. A successful job writes {@code _SUCCESS}
     * before deleting the directory, so its parts are never touched here.
     */
    private void withdrawIfJobEnded(ReduceTask task, Path committed) throws IOException {
        if (Files.isDirectory(layout.intermediateDir(task.jobId()))) return;
        if (Files.exists(committed.resolveSibling(FileNames.SUCCESS))) return;
        Files.deleteIfExists(committed);
        throw new JobEnded(task.jobId());
    }

    private TreeMap<String, List<String>> readPartition(ReduceTask task, Progress progress) throws IOException {
        TreeMap<String, List<String>> groups = new TreeMap<>();
        Path dir = layout.intermediateDir(task.jobId());
        if (!Files.isDirectory(dir)) throw new JobEnded(task.jobId());
        for (int m = 0; m < task.mapWorkers().size(); m++) {
            Path file = dir.resolve(FileNames.intermediate(task.mapWorkers().get(m), m, task.taskNumber()));
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file.toFile()), 64 * 1024))) {
                for (String key = Records.readString(in, true); key != null; key = Records.readString(in, true)) {
                    String value = Records.readString(in, false);
                    progress.tick();
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                }
            } catch (NoSuchFileException | java.io.FileNotFoundException e) {
                throw new IOException("intermediate file " + file + " of map task " + m + " is missing", e);
            }
        }
        return groups;
    }
}
