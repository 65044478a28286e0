package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Emitter;
import io.warren.api.InputMode;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Partitioner;
import io.warren.api.Text;
import io.warren.protocol.InputSplit;
import io.warren.protocol.MapTask;
import io.warren.protocol.apps.AppContext;
import io.warren.protocol.TotalOrder;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.InputLocation;
import io.warren.storage.JobDirectory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;

/**
 * Runs one map attempt: the user's mapper over the task's splits, its pairs sorted, combined and partitioned into R
 * files named {@code <workerId>-<map>-<reduce>} in the job's intermediate directory (see {@link MapOutput}). Every file
 * is durable before the attempt may report success, and a crashed attempt leaves nothing a reducer could read.
 */
final class MapRunner {
    private final StorageLayout layout;
    private final String workerId;
    private final ExecSettings settings;

    MapRunner(StorageLayout layout, String workerId, ExecSettings settings) {
        this.layout = layout;
        this.workerId = workerId;
        this.settings = settings;
    }

    void run(MapTask task, MapReduceJob job, Progress progress, Counters counters) throws Exception {
        AppContext context = new AppContext(task.jobId(), task.job().params(), counters);
        SplitMappers mappers = new SplitMappers(job, context);
        int reduces = task.reduceCount();
        JobEnded.unlessLive(layout, task.jobId());
        Partitions partitions = new Partitions(partitioner(task, job, context, progress), reduces);
        MapBuffer buffer = MapBuffer.forJob(partitions, job.combiner(context).orElse(null), settings.sortBufferBytes());
        MapOutput output = new MapOutput(buffer, reduces, settings, counters, progress);
        Emitter emitter = new MapEmitter(output);
        try {
            for (InputSplit split : task.splits()) {
                feed(split, LineReader::forTask, job.input(), mappers.forSplit(split), emitter, progress, counters);
            }
        } catch (UncheckedIOException e) {
            output.discard();
            throw e.getCause(); // our emitter's own failure, such as a record over the limit, reported as itself
        } catch (Exception | Error e) {
            output.discard();
            throw e;
        }
        output.finish(IntermediateFiles.mapOutput(layout, task.jobId(), workerId, task.taskNumber(), reduces));
    }

    /**
     * The job's partitioner, or for a total order the range partitioner of the job's split points: published in the
     * intermediate directory by the first map task to sample, and read by the others. Tasks that sample at the same
     * time publish once (the first link wins) and all use the published points.
     */
    private Partitioner partitioner(MapTask task, MapReduceJob job, AppContext context, Progress progress)
            throws Exception {
        TotalOrder order = task.job().totalOrder();
        if (order == null) return job.partitioner(context);
        JobDirectory dir = JobDirectory.of(layout, task.jobId());
        if (dir.intermediateSize(FileNames.SPLIT_POINTS).isEmpty()) {
            KeySample sample = new KeySample();
            SplitMappers mappers = new SplitMappers(job, new AppContext(task.jobId(), task.job().params(), Counters.NONE));
            for (InputSplit chunk : order.sample()) {
                feed(chunk, LineReader::forRange, job.input(), mappers.forSplit(chunk), sample, progress, new TaskCounters());
            }
            ByteArrayOutputStream points = new ByteArrayOutputStream();
            SplitPoints.of(sample.sorted(), task.reduceCount()).write(points);
            dir.publishIntermediateOnce(FileNames.SPLIT_POINTS, points.toByteArray());
        }
        try (InputStream in = new BufferedInputStream(dir.openIntermediate(FileNames.SPLIT_POINTS))) {
            Partitioner range = SplitPoints.read(in).partitioner(job.keysMaySpanReduces());
            // A group's keys share its prefix, which sorts first: ranging by the group keeps it whole and in order.
            return job.grouping(context).map(g -> Partitioner.byGroup(g, range)).orElse(range);
        }
    }

    /** @param lines how to read lines: a task's split, or a total order's sample chunk (a range even of a compressed file) */
    private void feed(InputSplit split, LineReader.Opener lines, InputMode mode, Mapper mapper, Emitter emitter,
                      Progress progress, Counters counters) throws Exception {
        String document = split.path();
        InputLocation file = InputLocation.resolve(layout, document, settings.confined());
        if (mode == InputMode.WHOLE_FILE) {
            byte[] bytes = wholeFile(file, document);
            counters.increment(Counters.MAP_INPUT_RECORDS, 1);
            counters.increment(Counters.MAP_INPUT_BYTES, bytes.length);
            progress.tick();
            mapper.map(document, new Text(bytes, 0, bytes.length), emitter);
            return;
        }
        long records = 0;
        try (LineReader reader = lines.open(file, split.start(), split.length(), settings.maxRecordBytes())) {
            for (Text line = reader.nextText(); line != null; line = reader.nextText()) {
                progress.tick();
                records++;
                mapper.map(document, line, emitter);
            }
            counters.increment(Counters.MAP_INPUT_BYTES, reader.bytesRead());
        }
        counters.increment(Counters.MAP_INPUT_RECORDS, records);
    }

    /** A whole-file job's record: the file's bytes, decompressed if it is compressed, within the record limit. */
    private byte[] wholeFile(InputLocation file, String document) throws IOException {
        int limit = settings.maxRecordBytes();
        Compression compression = Compression.of(document);
        if (compression.splittable()) {
            long size = file.size();
            if (size > limit) throw new RecordTooLarge("input file " + document, size, limit);
            return file.readAll();
        }
        try (InputStream in = compression.decompress(Channels.newInputStream(file.channel(0)), document)) {
            byte[] bytes = in.readNBytes(limit == Integer.MAX_VALUE ? limit : limit + 1); // one more tells it is over
            if (bytes.length > limit) throw new RecordTooLarge("input file " + document + " decompressed", limit);
            return bytes;
        }
    }
}
