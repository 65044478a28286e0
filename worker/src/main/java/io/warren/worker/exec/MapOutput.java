package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Partitioner;
import io.warren.api.Reducer;
import io.warren.protocol.storage.DurableFiles;
import io.warren.worker.io.Merger;
import io.warren.worker.io.MultiPassMerger;
import io.warren.worker.io.RunSource;
import io.warren.worker.io.RunWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects a map task's pairs: partitions them into a bounded {@link PairBuffer}, and when it fills sorts it by
 * partition and key and spills it as one file of R sorted sections (combined, for jobs with a combiner). At the end
 * each partition's sections are merged (combining again) in passes of at most the merge factor into one sorted
 * intermediate file per partition, each written to a temporary name, fsynced and renamed. Without a spill nothing is
 * merged: the buffer goes straight to the final files.
 */
final class MapOutput {
    private final int reduces;
    private final PairBuffer buffer;
    private final ExecSettings settings;
    private final Counters counters;
    private final Progress progress;
    private final List<Spill> spills = new ArrayList<>();
    private long outputRecords;
    private long outputBytes;
    private long spilled;

    /** A spill file and where each partition's section starts; {@code offsets[R]} is the file's end. */
    private record Spill(Path file, long[] offsets) {
        RunSource section(int partition, int index) {
            return RunSource.section(file, offsets[partition], offsets[partition + 1], file + "#" + partition,
                    List.of(index));
        }
    }

    /** @param combiner the job's combiner, or null if it has none */
    MapOutput(int reduces, Partitioner partitioner, Reducer combiner, ExecSettings settings, Counters counters,
              Progress progress) {
        this(reduces, PairBuffer.forJob(new Partitions(partitioner, reduces), combiner, settings.sortBufferBytes()),
                settings, counters, progress);
    }

    /** With a buffer of the caller's choice, such as a streaming job's ({@link StreamingCombineBuffer}). */
    MapOutput(int reduces, PairBuffer buffer, ExecSettings settings, Counters counters, Progress progress) {
        this.reduces = reduces;
        this.buffer = buffer;
        this.settings = settings;
        this.counters = counters;
        this.progress = progress;
    }

    void add(String key, String value) throws IOException {
        accept((long) key.length() + value.length()); // in chars, as the limit always was for String pairs
        if (!buffer.add(key, value)) {
            spill();
            buffer.add(key, value);
        }
        if (buffer.isFull()) spill();
    }

    void add(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException {
        accept((long) keyLen + valLen);
        if (!buffer.add(key, keyOff, keyLen, value, valOff, valLen)) {
            spill();
            buffer.add(key, keyOff, keyLen, value, valOff, valLen);
        }
        if (buffer.isFull()) spill();
    }

    /** A pair whose value is a whole number: a buffer that adds numbers up never turns it into text. */
    void addLong(byte[] key, int keyOff, int keyLen, long value) throws IOException {
        accept((long) keyLen + Decimal.length(value));
        if (!buffer.add(key, keyOff, keyLen, value)) {
            spill();
            buffer.add(key, keyOff, keyLen, value);
        }
        if (buffer.isFull()) spill();
    }

    private void accept(long size) throws RecordTooLarge {
        if (size > settings.maxRecordBytes()) throw new RecordTooLarge("an emitted pair", size, settings.maxRecordBytes());
        outputRecords++;
        progress.tick();
    }

    /** Writes the R final files: {@code finals[r]} becomes partition r's sorted output. */
    void finish(Path[] finals) throws IOException {
        try {
            finishOutput(finals);
        } finally {
            counters.increment(Counters.MAP_OUTPUT_RECORDS, outputRecords);
            counters.increment(Counters.MAP_OUTPUT_BYTES, outputBytes);
            buffer.countInto(counters);
            counters.increment(Counters.SPILLED_RECORDS, spilled);
        }
    }

    private void finishOutput(Path[] finals) throws IOException {
        if (spills.isEmpty()) {
            buffer.sort();
            writeFinals(finals, buffer::writeSection);
            return;
        }
        if (!buffer.isEmpty()) spill();
        try {
            writeFinals(finals, this::mergePartition);
        } finally {
            for (Spill s : spills) Files.deleteIfExists(s.file);
        }
    }

    private interface SectionWriter {
        void write(int partition, RunWriter out) throws IOException;
    }

    /**
     * Writes each partition's section to a temporary file, forced to disk through the channel that created it, then
     * renames them all into place with one directory fsync: per partition one open, one fsync and one rename, which is
     * what a tiny task's time goes to.
     */
    private void writeFinals(Path[] finals, SectionWriter sections) throws IOException {
        List<Path> temps = new ArrayList<>(reduces);
        boolean moved = false;
        try {
            for (int r = 0; r < reduces; r++) {
                DurableFiles.Temp temp = DurableFiles.openTemp(finals[r]);
                temps.add(temp.path());
                try (FileChannel channel = temp.channel()) {
                    OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                    RunWriter out = new RunWriter(file, settings.codec());
                    sections.write(r, out);
                    out.finish();
                    outputBytes += channel.position();
                    channel.force(true);
                }
                progress.tick();
            }
            DurableFiles.moveIntoPlace(temps, Arrays.asList(finals));
            moved = true;
        } finally {
            if (!moved) for (Path temp : temps) Files.deleteIfExists(temp);
        }
    }

    private void spill() throws IOException {
        buffer.sort();
        Files.createDirectories(settings.localDir());
        Path file = Files.createTempFile(settings.localDir(), "spill-", ".tmp");
        long[] offsets = new long[reduces + 1];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            for (int r = 0; r < reduces; r++) {
                raw.flush();
                offsets[r] = channel.position();
                RunWriter out = new RunWriter(raw, settings.codec());
                buffer.writeSection(r, out);
                out.finish();
                spilled += out.records();
            }
            raw.flush();
            offsets[reduces] = channel.position();
        }
        spills.add(new Spill(file, offsets));
        buffer.clear();
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
