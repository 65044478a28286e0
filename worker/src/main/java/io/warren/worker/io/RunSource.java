package io.warren.worker.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A sorted run waiting to be merged: how to open its bytes, a name for errors, and the original inputs it holds
 * ({@code origins}, such as map task numbers), so a failure in any merge pass can name the inputs to make again.
 */
public record RunSource(String name, Opener opener, List<Integer> origins) {
    private static final int BUFFER = 1 << 16;

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public RunSource {
        origins = List.copyOf(origins);
    }

    /** A whole file, such as a map output or a merge pass's scratch run. */
    public static RunSource file(Path file, List<Integer> origins) {
        return new RunSource(file.toString(), () -> {
            try {
                return new BufferedInputStream(Files.newInputStream(file), BUFFER);
            } catch (NoSuchFileException e) {
                throw new IOException("intermediate file " + file + " is missing", e);
            }
        }, origins);
    }

    /** The bytes {@code [start, end)} of a file: one partition's section of a spill. */
    public static RunSource section(Path file, long start, long end, String name, List<Integer> origins) {
        return new RunSource(name, () -> new BoundedInputStream(new BufferedInputStream(Channels.newInputStream(
                FileChannel.open(file, StandardOpenOption.READ).position(start)), BUFFER), end - start), origins);
    }

    /** Opens the run and reads its header. */
    RunReader open() throws IOException {
        InputStream in = opener.open();
        try {
            return new RunReader(in, name);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
