package io.warren.protocol.storage;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * How a file is compressed, told by its name's extension ({@code .gz}, {@code .zst}, {@code .bz2}; anything else is
 * plain). Jobs read compressed input as if it were plain, through {@link #decompress}, and write compressed output
 * through {@link #compress} when they ask for it ({@link #forOutput}). A compressed file is read from its beginning
 * only, so it is never cut into byte ranges: one map task reads it whole ({@link #splittable()}).
 *
 * <p>A file that does not decompress (corrupt, truncated, or not in the format its name says) fails the read with a
 * {@link CorruptInput} that names it; a failure of the underlying stream (a disk error, an interrupt) is passed on as
 * it is. Concatenated members or frames are read as one stream, as {@code zcat} does; an empty file is empty input.
 */
public enum Compression {
    NONE("", null), GZIP(".gz", "gzip"), ZSTD(".zst", "zstd"), BZIP2(".bz2", "bzip2");

    private static final int BUFFER = 64 * 1024;
    private final String extension;
    private final String format;

    Compression(String extension, String format) {
        this.extension = extension;
        this.format = format;
    }

    /** The compression a file's name says it has (its extension, in any case); {@link #NONE} for other names. */
    public static Compression of(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (Compression c : values()) {
            if (c != NONE && lower.endsWith(c.extension)) return c;
        }
        return NONE;
    }

    /** The formats a job's output may be written in. */
    public static final List<String> OUTPUT_FORMATS = List.of(GZIP.format, ZSTD.format);

    /**
     * The compression a job's {@code outputCompression} names: {@code gzip} or {@code zstd}; null is plain output.
     *
     * @throws IllegalArgumentException for any other name, listing the ones there are
     */
    public static Compression forOutput(String format) {
        if (format == null) return NONE;
        if (format.equals(GZIP.format)) return GZIP;
        if (format.equals(ZSTD.format)) return ZSTD;
        throw new IllegalArgumentException("output compression " + format + " is not one of " + OUTPUT_FORMATS);
    }

    /** What a file name ends with when compressed so: {@code ".gz"}, or {@code ""} for plain files. */
    public String extension() {
        return extension;
    }

    /** Whether a reader may start in the middle of the file (at a line boundary it finds): only plain files. */
    public boolean splittable() {
        return this == NONE;
    }

    /**
     * The decompressed content of {@code raw}, which is closed with the returned stream.
     *
     * @param name the file's name as users know it (its storage path), for the error that reports it corrupt
     * @throws CorruptInput when the file's first bytes are not the format's header
     */
    public InputStream decompress(InputStream raw, String name) throws IOException {
        if (this == NONE) return raw;
        BufferedInputStream source = new BufferedInputStream(new Source(raw), BUFFER);
        try {
            source.mark(1);
            if (source.read() < 0) { // an empty file is no input, not a corrupt one
                source.close();
                return InputStream.nullInputStream();
            }
            source.reset();
            InputStream decoded = switch (this) {
                // Commons Compress rather than the JDK's GZIPInputStream, which takes a damaged header of a later
                // member, or garbage after the last, for the end of the file: that would be silently shorter input.
                case GZIP -> new GzipCompressorInputStream(source, true);
                case ZSTD -> new ZstdInputStreamNoFinalizer(source);
                case BZIP2 -> new BZip2CompressorInputStream(source, true);
                case NONE -> throw new AssertionError();
            };
            return new Decoded(decoded, name);
        } catch (IOException | RuntimeException e) {
            IOException failure = failure(e, name);
            try {
                source.close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    /**
     * A stream that compresses into {@code raw} and finishes the format's trailer when closed: gzip at its default
     * level (6), zstd at its (3) with a checksum per frame.
     */
    public OutputStream compress(OutputStream raw) throws IOException {
        return switch (this) {
            case NONE -> raw;
            case GZIP -> new GZIPOutputStream(raw, BUFFER);
            case ZSTD -> new ZstdOutputStreamNoFinalizer(raw).setChecksum(true); // as the zstd tool does
            case BZIP2 -> new BZip2CompressorOutputStream(raw);
        };
    }

    /** A failure of the underlying stream itself, told apart from the decoder's own complaints. */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause);
        }
    }

    private IOException failure(Throwable e, String name) {
        if (e instanceof SourceFailure s) return (IOException) s.getCause();
        return new CorruptInput(name, format, e);
    }

    /** The compressed bytes: marks its own failures so that they are not taken for corrupt data. */
    private static final class Source extends FilterInputStream {
        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }

    /** The decompressed bytes: a decoder's failure becomes a {@link CorruptInput} naming the file. */
    private final class Decoded extends FilterInputStream {
        private final String name;

        Decoded(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException | RuntimeException e) {
                throw failure(e, name);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw failure(e, name);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException | RuntimeException e) {
                throw failure(e, name);
            }
        }
    }

    /** A compressed file that does not decompress: bad input, which no retry will mend. */
    public static final class CorruptInput extends IOException {
        private final String file;

        CorruptInput(String file, String format, Throwable cause) {
            super("cannot decompress " + file + " (" + format + "): " + describe(cause)
                    + "; the file is corrupt, truncated or not " + format + " data", cause);
            this.file = file;
        }

        /** The file as the job named it. */
        public String file() {
            return file;
        }

        private static String describe(Throwable e) {
            String m = e.getMessage();
            if (m != null && !m.isBlank()) return m;
            return e instanceof EOFException ? "it ends in the middle of the data" : e.getClass().getSimpleName();
        }
    }
}
