package io.warren.worker.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges any number of sorted runs with at most {@code factor} of them open at once: while more than {@code factor}
 * remain, consecutive groups of {@code factor} are merged into scratch runs in {@code scratchDir} (so equal keys keep
 * their input order), then the last {@code factor} or fewer are opened as one streaming {@link Merger}. A scratch run's
 * origins are those of the runs inside it, so a failure in any pass names the original inputs. Closing deletes the
 * scratch files; close the returned merger first.
 */
public final class MultiPassMerger implements Closeable {
    private final Path scratchDir;
    private final Codec codec;
    private final int factor;
    private final Runnable onRecord;
    private final List<Path> scratch = new ArrayList<>();

    /** @param onRecord called for each record a pass writes, so a long merge shows progress */
    public MultiPassMerger(Path scratchDir, Codec codec, int factor, Runnable onRecord) {
        if (factor < 2) throw new IllegalArgumentException("merge factor must be >= 2, got " + factor);
        this.scratchDir = scratchDir;
        this.codec = codec;
        this.factor = factor;
        this.onRecord = onRecord;
    }

    /** Merges passes until at most the merge factor of runs remain, and returns the merge of those. */
    public Merger merge(List<RunSource> inputs) throws IOException {
        List<RunSource> runs = inputs;
        while (runs.size() > factor) {
            List<RunSource> next = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += factor) {
                next.add(mergeToScratch(runs.subList(from, Math.min(runs.size(), from + factor))));
            }
            runs = next;
        }
        return open(runs);
    }

    private RunSource mergeToScratch(List<RunSource> runs) throws IOException {
        Files.createDirectories(scratchDir);
        Path file = Files.createTempFile(scratchDir, "merge-", ".tmp");
        scratch.add(file);
        List<Integer> origins = new ArrayList<>();
        for (RunSource run : runs) origins.addAll(run.origins());
        try (Merger merger = open(runs);
             OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             RunWriter out = new RunWriter(stream, codec)) {
            merger.copyTo(out, onRecord);
            out.finish();
        }
        return RunSource.file(file, origins);
    }

    /** Opens every run; one that cannot be opened fails as a {@link Merger.SourceFailure} naming its origins. */
    private static Merger open(List<RunSource> runs) throws IOException {
        List<RunReader> readers = new ArrayList<>();
        List<List<Integer>> origins = new ArrayList<>();
        try {
            for (int i = 0; i < runs.size(); i++) {
                RunSource run = runs.get(i);
                try {
                    readers.add(run.open());
                } catch (IOException e) {
                    throw new Merger.SourceFailure(i, run.origins(), e);
                }
                origins.add(run.origins());
            }
            return new Merger(readers, origins);
        } catch (IOException | RuntimeException e) {
            closeAll(readers);
            throw e;
        }
    }

    private static void closeAll(List<RunReader> readers) {
        for (RunReader r : readers) {
            try {
                r.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Path file : scratch) Files.deleteIfExists(file);
    }
}
