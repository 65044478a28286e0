package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.worker.io.Merger;
import io.warren.worker.io.MultiPassMerger;
import io.warren.worker.io.RunSource;
import io.warren.worker.io.RunWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A map task's output, from an emitted pair to R sorted intermediate files. A pair is checked against the record
 * limit and goes into the {@link MapBuffer}, which files it under its partition (the job's partitioner, hash or range,
 * is the buffer's input) and holds it as its combine step needs. When the buffer is full it spills: sorted (and
 * combined) into one {@link SpillFile} of R sections. At the end each partition's sections are merged (combined once
 * more) in passes of at most the merge factor into the {@link FinalFiles}. Without a spill nothing is merged: the
 * buffer goes straight to the final files.
 */
final class MapOutput {
    private final int reduces;
    private final MapBuffer buffer;
    private final ExecSettings settings;
    private final Counters counters;
    private final Progress progress;
    private final List<SpillFile> spills = new ArrayList<>();
    private long outputRecords;
    private long spilled;

    MapOutput(MapBuffer buffer, int reduces, ExecSettings settings, Counters counters, Progress progress) {
        this.reduces = reduces;
        this.buffer = buffer;
        this.settings = settings;
        this.counters = counters;
        this.progress = progress;
    }

    void add(String key, String value) throws IOException {
        admit((long) key.length() + value.length()); // in chars, as the limit always was for String pairs
        buffer.add(key, value);
        if (buffer.isFull()) spill();
    }

    void add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException {
        admit((long) keyLen + valLen);
        buffer.add(key, keyOff, keyLen, value, valOff, valLen);
        if (buffer.isFull()) spill();
    }

    /** A pair whose value is a whole number: a combine step that adds numbers up never turns it into text. */
    void addLong(byte[] key, int keyOff, int keyLen, long value) throws IOException {
        admit((long) keyLen + Decimal.length(value));
        buffer.add(key, keyOff, keyLen, value);
        if (buffer.isFull()) spill();
    }

    private void admit(long size) throws RecordTooLarge {
        if (size > settings.maxRecordBytes()) throw new RecordTooLarge("an emitted pair", size, settings.maxRecordBytes());
        outputRecords++;
        progress.tick();
    }

    private void spill() throws IOException {
        Files.createDirectories(settings.localDir());
        SpillFile spill = new SpillFile(Files.createTempFile(settings.localDir(), "spill-", ".tmp"), reduces, settings.codec());
        spills.add(spill);
        try (spill) {
            buffer.spill(spill);
            spilled += spill.finish();
        }
    }

    /** Writes the R final files: file r of {@code finals} becomes partition r's sorted output. */
    void finish(MapFiles.Opener finals) throws IOException {
        long outputBytes = 0;
        try (MapFiles files = finals.open(settings.codec(), progress)) {
            if (spills.isEmpty()) {
                buffer.spill(files);
            } else {
                if (!buffer.isEmpty()) spill();
                for (int r = 0; r < reduces; r++) mergePartition(r, files.section(r));
            }
            outputBytes = files.commit();
        } catch (IOException | RuntimeException | Error e) {
            buffer.discard();
            throw e;
        } finally {
            for (SpillFile s : spills) Files.deleteIfExists(s.file());
            counters.increment(Counters.MAP_OUTPUT_RECORDS, outputRecords);
            counters.increment(Counters.MAP_OUTPUT_BYTES, outputBytes);
            buffer.countInto(counters);
            counters.increment(Counters.SPILLED_RECORDS, spilled);
        }
    }

    /**
     * Drops what the buffer holds and the spills made so far; for a task that failed before {@link #finish}. Best
     * effort: the task's own failure is what gets reported, and a spill left behind is only scratch in the local dir.
     */
    void discard() {
        buffer.discard();
        for (SpillFile s : spills) {
            try {
                Files.deleteIfExists(s.file());
            } catch (IOException e) {
                // the failure being handled matters more
            }
        }
    }

    /** Merges partition r's sections of every spill, in passes of at most the merge factor, into {@code out}. */
    private void mergePartition(int r, RunWriter out) throws IOException {
        List<RunSource> sections = new ArrayList<>(spills.size());
        for (int i = 0; i < spills.size(); i++) sections.add(spills.get(i).section(r, i));
        try (MultiPassMerger merging = new MultiPassMerger(settings.localDir(), settings.codec(), settings.mergeFactor(),
                progress::tick);
             Merger merger = merging.merge(sections)) {
            buffer.writeMerged(merger, out);
        }
    }
}
