package io.warren.worker.exec;

import io.warren.worker.io.Codec;

import java.io.IOException;

/**
 * A map attempt's R output files, written in partition order ({@link Sections}); nothing a reducer could read is left
 * behind unless they are committed. On a directory they are {@link FinalFiles}, on a bucket {@link StoredMapFiles}.
 */
interface MapFiles extends Sections, AutoCloseable {

    /** Writes the files not asked for (empty ones) and makes them all visible; returns the bytes written. */
    long commit() throws IOException;

    /** Discards whatever was not committed. */
    @Override
    void close() throws IOException;

    /** How to open them once the output's codec and progress are known. */
    @FunctionalInterface
    interface Opener {
        MapFiles open(Codec codec, Progress progress) throws IOException;
    }
}
