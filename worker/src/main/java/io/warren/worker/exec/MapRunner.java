package io.warren.worker.exec;

import io.warren.api.Emitter;
import io.warren.api.InputMode;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Partitioner;
import io.warren.api.Reducer;
import io.warren.protocol.MapTask;
import io.warren.protocol.apps.AppContext;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs one map attempt: the user's mapper over the split, pairs partitioned (and combined, if the job has a
 * combiner) into R files named
 * {@code <workerId>-<map>-<reduce>} in the job's intermediate directory. Each file is written under a temporary name,
 * fsynced and renamed, all before the attempt may report success, so a completed map's output survives a crash and a
 * crashed attempt leaves nothing a reducer could read.
 */
final class MapRunner {
    private static final int BUFFER_BUDGET = 32 * 1024 * 1024;
    /** Pairs held for the combiner before it runs; bounds a map task's memory whatever its input. */
    private static final long COMBINE_BUFFER_BYTES = 32L * 1024 * 1024;

    /** Carries a checked exception of the combiner through the {@link Emitter} interface. */
    private static final class CombinerFailed extends RuntimeException {
        CombinerFailed(Exception cause) {
            super(cause);
        }
    }

    private final StorageLayout layout;
    private final String workerId;

    MapRunner(StorageLayout layout, String workerId) {
        this.layout = layout;
        this.workerId = workerId;
    }

    void run(MapTask task, MapReduceJob job, Progress progress) throws Exception {
        AppContext context = new AppContext(task.jobId(), task.job().params());
        Mapper mapper = job.mapper(context);
        Partitioner partitioner = job.partitioner(context);
        int reduces = task.reduceCount();
        Path dir = layout.intermediateDir(task.jobId());
        if (!Files.isDirectory(dir)) throw new JobEnded(task.jobId());
        Path[] finals = new Path[reduces];
        Path[] temps = new Path[reduces];
        DataOutputStream[] outs = new DataOutputStream[reduces];
        int bufferSize = Math.max(4 * 1024, Math.min(64 * 1024, BUFFER_BUDGET / reduces));
        try {
            for (int r = 0; r < reduces; r++) {
                finals[r] = dir.resolve(FileNames.intermediate(workerId, task.taskNumber(), r));
                temps[r] = DurableFiles.tempFileFor(finals[r]);
                outs[r] = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(temps[r].toFile()), bufferSize));
            }
            CombiningBuffer.PartitionSink write = (p, key, value) -> {
                try {
                    Records.write(outs[p], key, value);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            Optional<Reducer> combiner = job.combiner(context);
            CombiningBuffer combining = combiner
                    .map(c -> new CombiningBuffer(c, reduces, COMBINE_BUFFER_BYTES, write)).orElse(null);
            Emitter emitter = (key, value) -> {
                if (key == null || value == null) throw new IllegalArgumentException("map emitted a null key or value");
                progress.tick();
                int p = partitioner.partition(key, reduces);
                if (p < 0 || p >= reduces) {
                    throw new IllegalStateException("partitioner returned " + p + " for " + reduces + " reduce tasks");
                }
                if (combining == null) {
                    write.write(p, key, value);
                    return;
                }
                try {
                    combining.add(p, key, value);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CombinerFailed(e);
                }
            };
            try {
                feed(task, job, mapper, emitter, progress);
                if (combining != null) combining.flush();
            } catch (CombinerFailed e) {
                throw (Exception) e.getCause();
            }
            for (int r = 0; r < reduces; r++) {
                outs[r].close();
                outs[r] = null;
                DurableFiles.replace(temps[r], finals[r]);
                progress.tick();
            }
        } finally {
            for (int r = 0; r < reduces; r++) {
                if (outs[r] != null) closeQuietly(outs[r]);
                if (temps[r] != null) Files.deleteIfExists(temps[r]);
            }
        }
    }

    private void feed(MapTask task, MapReduceJob job, Mapper mapper, Emitter emitter, Progress progress) throws Exception {
        String document = task.split().path();
        Path file = layout.resolve(document);
        if (job.input() == InputMode.WHOLE_FILE) {
            mapper.map(document, new String(Files.readAllBytes(file), StandardCharsets.UTF_8), emitter);
            return;
        }
        try (LineReader lines = new LineReader(file, task.split().start(), task.split().length())) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                progress.tick();
                mapper.map(document, line, emitter);
            }
        }
    }

    private static void closeQuietly(DataOutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the attempt already failed; its temporary file is deleted next
        }
    }
}
