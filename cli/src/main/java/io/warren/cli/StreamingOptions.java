package io.warren.cli;

import io.warren.protocol.Streaming;
import io.warren.storage.InputLocation;
import io.warren.storage.s3.S3Location;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming job's options, shared by {@code submit} and {@code run}: the commands (Hadoop Streaming's protocol) and
 * the local files to ship with the job, which travel inside the spec.
 */
final class StreamingOptions {
    @Option(names = "--mapper", paramLabel = "COMMAND",
            description = "Streaming job: the command each map task runs, fed its input lines on stdin; it writes key<TAB>value lines (e.g. 'python3 map.py').")
    String mapper;

    @Option(names = "--reducer", paramLabel = "COMMAND",
            description = "Streaming job: the command each reduce task runs, fed its partition's key<TAB>value lines in key order (default: the sorted pairs are the output).")
    String reducer;

    @Option(names = "--combiner", paramLabel = "COMMAND",
            description = "Streaming job: a reducer run on each map task's sorted output before it is written.")
    String combiner;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Streaming job: a local file or s3:// object to ship into every task's working directory (repeatable; at most 512 KiB in all; a local file's executable bit is kept).")
    List<String> files = new ArrayList<>();

    @Option(names = "--key-fields", paramLabel = "N",
            description = "Streaming job: the key is the first N fields of the mapper's lines (default 1), as Hadoop's"
                    + " stream.num.map.output.key.fields; the rest is the value.")
    Integer keyFields;

    @Option(names = "--field-separator", paramLabel = "CHAR",
            description = "Streaming job: the character between the fields of the mapper's lines (default tab), as"
                    + " Hadoop's stream.map.output.field.separator.")
    String fieldSeparator;

    @Option(names = "--partition-key-fields", paramLabel = "N",
            description = "Streaming job: choose the reduce by the key's first N fields only (default all), as Hadoop's"
                    + " num.key.fields.for.partition: a secondary sort by the later fields (docs/streaming.md).")
    Integer partitionKeyFields;

    boolean given() {
        return mapper != null || reducer != null || combiner != null || !files.isEmpty() || keyFields != null
                || fieldSeparator != null || partitionKeyFields != null;
    }

    /** The streaming part of the spec, with the files read now; an {@link IllegalArgumentException} says what is wrong. */
    Streaming streaming() {
        if (mapper == null) throw new IllegalArgumentException("a streaming job needs --mapper COMMAND (--reducer, --combiner and --file go with it)");
        List<Streaming.ShippedFile> shipped = new ArrayList<>();
        long total = 0;
        for (String f : files) {
            if (S3Location.isS3(f)) {
                total = shipObject(f, total, shipped);
                continue;
            }
            total = shipFile(Path.of(f), total, shipped);
        }
        Streaming streaming = new Streaming(mapper, reducer, combiner, shipped)
                .withKeys(keyFields, fieldSeparator, partitionKeyFields);
        streaming.validate();
        return streaming;
    }

    private static long shipFile(Path f, long total, List<Streaming.ShippedFile> shipped) {
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("--file " + f + ": no such file");
        try {
            total = checkTotal(f.toString(), total + Files.size(f));
            shipped.add(Streaming.file(f.getFileName().toString(), Files.readAllBytes(f), Files.isExecutable(f)));
            return total;
        } catch (IOException e) {
            throw new IllegalArgumentException("--file " + f + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** An object has no executable bit: run a shipped script through its interpreter ({@code sh map.sh}). */
    private static long shipObject(String uri, long total, List<Streaming.ShippedFile> shipped) {
        try {
            InputLocation object = InputLocation.s3(uri);
            total = checkTotal(uri, total + object.size());
            shipped.add(Streaming.file(uri.substring(uri.lastIndexOf('/') + 1), object.readAll(), false));
            return total;
        } catch (IOException e) {
            throw new IllegalArgumentException("--file " + uri + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static long checkTotal(String f, long total) {
        if (total > Streaming.MAX_FILES_BYTES) {
            throw new IllegalArgumentException("--file " + f + ": the shipped files would total " + total / 1024
                    + " KiB, more than the " + Streaming.MAX_FILES_BYTES / 1024 + " KiB they may take (they travel"
                    + " in the job spec); ship scripts, and put data on the shared storage as input");
        }
        return total;
    }
}
