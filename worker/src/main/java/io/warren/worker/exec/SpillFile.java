package io.warren.worker.exec;

import io.warren.worker.io.Codec;
import io.warren.worker.io.RunSource;
import io.warren.worker.io.RunWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** One spill: a file of R sorted sections, partition after partition, and where each starts. */
final class SpillFile implements Sections, AutoCloseable {
    private final Path file;
    private final Codec codec;
    private final long[] offsets; // offsets[R] is the file's end
    private final FileChannel channel;
    private final OutputStream raw;
    private RunWriter current;
    private int partition = -1;
    private long records;

    SpillFile(Path file, int partitions, Codec codec) throws IOException {
        this.file = file;
        this.codec = codec;
        this.offsets = new long[partitions + 1];
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        this.raw = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    @Override
    public RunWriter section(int p) throws IOException {
        if (p == partition) return current;
        if (p < partition) throw new IllegalStateException("section " + p + " asked for after section " + partition);
        while (partition < p) {
            endSection();
            partition++;
            offsets[partition] = channel.position();
            current = new RunWriter(raw, codec);
        }
        return current;
    }

    private void endSection() throws IOException {
        if (current == null) return;
        current.finish();
        records += current.records();
        raw.flush();
    }

    /** Writes the sections not asked for (empty ones) and the end; returns the records written. */
    long finish() throws IOException {
        section(offsets.length - 2);
        endSection();
        offsets[offsets.length - 1] = channel.position();
        return records;
    }

    Path file() {
        return file;
    }

    RunSource section(int p, int index) {
        return RunSource.section(file, offsets[p], offsets[p + 1], file + "#" + p, List.of(index));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
