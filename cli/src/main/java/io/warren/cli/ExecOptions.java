package io.warren.cli;

import io.warren.worker.WorkerConfig;
import io.warren.worker.exec.ExecSettings;
import io.warren.worker.io.Codec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How a worker runs tasks: memory, compression, scratch space. */
final class ExecOptions {
    @Option(names = "--sort-buffer", paramLabel = "SIZE", converter = SizeConverter.class,
            defaultValue = "${env:WARREN_SORT_BUFFER:-64m}",
            description = "Memory per map task for pairs before they are sorted and spilled (env WARREN_SORT_BUFFER; default ${DEFAULT-VALUE}).")
    long sortBuffer;

    @Option(names = "--compress", paramLabel = "CODEC", defaultValue = "${env:WARREN_COMPRESS:-lz4}",
            description = "Intermediate file compression: lz4 or none (env WARREN_COMPRESS; default ${DEFAULT-VALUE}).")
    String compress;

    @Option(names = "--max-record-size", paramLabel = "SIZE", converter = SizeConverter.class,
            defaultValue = "${env:WARREN_MAX_RECORD_SIZE:-64m}",
            description = "Largest input line (or whole file) and emitted pair; larger fails the task with a clear reason"
                    + " (env WARREN_MAX_RECORD_SIZE; default ${DEFAULT-VALUE}).")
    long maxRecordSize;

    @Option(names = "--local-dir", paramLabel = "DIR", defaultValue = "${env:WARREN_LOCAL_DIR}",
            description = "Local scratch space for spills and merges (env WARREN_LOCAL_DIR; default a directory under java.io.tmpdir).")
    Path localDir;

    ExecSettings settings(String workerId) {
        Codec codec;
        try {
            codec = Codec.valueOf(compress.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--compress must be lz4 or none, got '" + compress + "'");
        }
        Path local = localDir == null ? WorkerConfig.defaultLocalDir(workerId) : localDir.resolve("warren-" + workerId);
        if (maxRecordSize < 1 || maxRecordSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("--max-record-size must be between 1 byte and 2g, got " + maxRecordSize);
        }
        return new ExecSettings(sortBuffer, codec, local, ExecSettings.DEFAULT_MERGE_FACTOR, (int) maxRecordSize, true);
    }
}
