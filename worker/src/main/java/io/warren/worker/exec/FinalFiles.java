package io.warren.worker.exec;

import io.warren.protocol.storage.DurableFiles;
import io.warren.worker.io.Codec;
import io.warren.worker.io.RunWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A map task's R intermediate files, written in partition order: each to a temporary file, forced to disk through
 * the channel that created it, then all renamed into place with one directory fsync. Per partition one open, one
 * fsync and one rename, which is what a tiny task's time goes to. Nothing is left behind if it is not committed.
 */
final class FinalFiles implements MapFiles {
    private final Path[] finals;
    private final Codec codec;
    private final Progress progress;
    private final List<Path> temps = new ArrayList<>();
    private FileChannel channel;
    private RunWriter current;
    private int partition = -1;
    private long bytes;
    private boolean committed;

    FinalFiles(Path[] finals, Codec codec, Progress progress) {
        this.finals = finals;
        this.codec = codec;
        this.progress = progress;
    }

    /** The files {@code finals}, opened when the output's codec and progress are known. */
    static MapFiles.Opener at(Path[] finals) {
        return (codec, progress) -> new FinalFiles(finals, codec, progress);
    }

    @Override
    public RunWriter section(int p) throws IOException {
        if (p == partition) return current;
        if (p < partition) throw new IllegalStateException("partition " + p + " asked for after partition " + partition);
        while (partition < p) {
            endFile();
            partition++;
            DurableFiles.Temp temp = DurableFiles.openTemp(finals[partition]);
            temps.add(temp.path());
            channel = temp.channel();
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            current = new RunWriter(file, codec);
        }
        return current;
    }

    private void endFile() throws IOException {
        if (channel == null) return;
        try (FileChannel c = channel) {
            current.finish();
            bytes += c.position();
            c.force(true);
        }
        channel = null;
        progress.tick();
    }

    /** Writes the files not asked for (empty ones) and moves them all into place; returns the bytes written. */
    @Override
    public long commit() throws IOException {
        section(finals.length - 1);
        endFile();
        DurableFiles.moveIntoPlace(temps, Arrays.asList(finals));
        committed = true;
        return bytes;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) channel.close();
        if (!committed) for (Path temp : temps) Files.deleteIfExists(temp);
    }
}
