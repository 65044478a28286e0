package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Emitter;
import io.warren.api.Grouping;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.apps.AppContext;
import io.warren.protocol.storage.Compression;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.JobDirectory;
import io.warren.storage.OutputLocation;
import io.warren.storage.PendingObject;
import io.warren.worker.io.Merger;
import io.warren.worker.io.MultiPassMerger;
import io.warren.worker.io.RunSource;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/**
 * Runs one reduce attempt: a streaming k-way merge of partition r from every winning map output (in several passes
 * when there are more than the merge factor), the user's reducer called once per key in sorted order with an iterator
 * over the key's values, and {@code key value} lines written to a temporary file of this attempt's own, which is
 * fsynced and, once the coordinator grants this attempt the commit ({@link CommitPermission}), committed as
 * {@code mr-out-<r>} (compressed, with its extension, if the job asked) only if no other attempt committed it first.
 * Memory stays bounded whatever the partition's size.
 */
final class ReduceRunner {
    private final StorageLayout layout;
    private final ExecSettings settings;
    private final CommitPermission permission;

    ReduceRunner(StorageLayout layout, ExecSettings settings, CommitPermission permission) {
        this.layout = layout;
        this.settings = settings;
        this.permission = permission;
    }

    /** @return whether this attempt's file became the output (false: an earlier attempt's already had) */
    boolean run(ReduceTask task, MapReduceJob job, Progress progress, Counters counters) throws Exception {
        AppContext context = new AppContext(task.jobId(), task.job().params(), counters);
        Reducer reducer = job.reducer(context);
        Grouping grouping = job.grouping(context).orElse(Group.WHOLE_KEY);
        return run(task, progress, counters, (merger, file) -> {
            LineOutput out = new LineOutput(file);
            reduce(merger, reducer, grouping, out, progress, counters);
            out.flush();
        });
    }

    /** What a reduce makes of its merged input: the output file's content. */
    interface Body {
        void reduce(Merger merged, OutputStream out) throws Exception;
    }

    /** Runs {@code body} over the partition's merged input, and commits what it wrote as {@code mr-out-<r>}. */
    boolean run(ReduceTask task, Progress progress, Counters counters, Body body) throws Exception {
        JobEnded.unlessLive(layout, task.jobId());
        List<RunSource> inputs = IntermediateFiles.sources(layout, task);
        OutputLocation output = OutputLocation.resolve(layout, task.output(), settings.confined());
        Compression compression = Compression.forOutput(task.outputCompression());
        try (MultiPassMerger merging = new MultiPassMerger(settings.localDir(), settings.codec(), settings.mergeFactor(),
                progress::tick);
             PendingObject part = output.createPart(task.taskNumber(), compression)) {
            // Closing the compressor ends its stream; the part stays open until it is committed once.
            try (Merger merger = merging.merge(inputs);
                 OutputStream out = compression.compress(new FilterOutputStream(part) {
                     @Override
                     public void write(byte[] b, int off, int len) throws IOException {
                         part.write(b, off, len);
                     }

                     @Override
                     public void close() throws IOException {
                         part.flush();
                     }
                 })) {
                body.reduce(merger, out);
            } catch (Merger.SourceFailure e) {
                throw new LostMapOutputs(e.origins, "map output of map task(s) " + e.origins + " is unreadable: "
                        + e.getMessage(), e);
            }
            counters.increment(Counters.BYTES_WRITTEN, part.size());
            // One round trip: only the attempt the coordinator grants commits. A denied or unanswered one throws, and
            // closing the part discards it. The create-only commit stays the backstop (docs/fencing.md).
            permission.await(task, progress);
            boolean won = part.commitOnce();
            if (won) withdrawIfJobEnded(task, output, compression);
            return won;
        }
    }

    /**
     * Calls the reducer once per key, or per group of keys under the job's grouping; a merge input that fails to read
     * surfaces as its {@link Merger.SourceFailure}.
     */
    private void reduce(Merger merger, Reducer reducer, Grouping grouping, LineOutput out, Progress progress,
                        Counters counters) throws Exception {
        long[] lines = {0};
        long[] groups = {0};
        long[] records = {0};
        Emitter emitter = new Emitter() {
            @Override
            public void emit(String key, String value) {
                if (key == null || value == null) throw new IllegalArgumentException("reduce emitted a null key or value");
                line(key, value);
            }

            @Override
            public void emitRecord(CharSequence record) {
                if (record == null) throw new IllegalArgumentException("reduce emitted a null record");
                line(record, null);
            }

            private void line(CharSequence key, String value) {
                try {
                    out.append(key);
                    if (value != null) {
                        out.append(' ');
                        out.append(value);
                    }
                    out.append('\n');
                    lines[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try {
            boolean more = merger.next();
            while (more) {
                Group group = new Group(merger, grouping);
                groups[0]++;
                progress.tick();
                Iterator<String> values = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return group.hasNext();
                    }

                    @Override
                    public String next() {
                        progress.tick();
                        records[0]++;
                        return group.next();
                    }
                };
                reducer.reduce(group.key, values, emitter);
                more = group.drain();
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof Merger.SourceFailure f) throw f;
            throw e;
        }
        counters.increment(Counters.REDUCE_INPUT_GROUPS, groups[0]);
        counters.increment(Counters.REDUCE_INPUT_RECORDS, records[0]);
        counters.increment(Counters.REDUCE_OUTPUT_RECORDS, lines[0]);
    }

    /**
     * A reduce committed after its job failed or was cancelled (the coordinator deleted the intermediate directory
     * without writing {@code _SUCCESS}) must not leave a stray part behind. A successful job writes {@code _SUCCESS}
     * before deleting the directory, so its parts are never touched here.
     */
    private void withdrawIfJobEnded(ReduceTask task, OutputLocation output, Compression compression) throws IOException {
        if (JobDirectory.of(layout, task.jobId()).isLive()) return;
        if (output.isCommitted()) return;
        output.withdraw(task.taskNumber(), compression);
        throw new JobEnded(task.jobId());
    }
}
