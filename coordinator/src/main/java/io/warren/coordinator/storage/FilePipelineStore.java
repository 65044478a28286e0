package io.warren.coordinator.storage;

import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineStore;
import io.warren.protocol.JobIds;
import io.warren.protocol.Json;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pipelines on the shared storage, one directory each:
 * <pre>
 *   &lt;workDir&gt;/pipelines/&lt;id&gt;/pipeline.json        the record, replaced whole (temp file, sync, rename)
 *   &lt;workDir&gt;/pipelines/&lt;id&gt;/steps/&lt;step&gt;/      the output of a step that has no output of its own
 * </pre>
 * A record is small (a few hundred bytes per step) and changes once per step, so it is written whole each time.
 */
public final class FilePipelineStore implements PipelineStore {
    private static final Logger log = LoggerFactory.getLogger(FilePipelineStore.class);
    private static final String RECORD = "pipeline.json";
    private static final String STEPS = "steps";
    private final StorageLayout layout;

    public FilePipelineStore(StorageLayout layout) {
        this.layout = layout;
    }

    public Path pipelinesDir() {
        return layout.workDir().resolve("pipelines");
    }

    private Path dir(String pipelineId) {
        return pipelinesDir().resolve(JobIds.check(pipelineId));
    }

    @Override
    public void save(PipelineRecord pipeline) {
        Path file = dir(pipeline.pipelineId()).resolve(RECORD);
        try {
            boolean fresh = !Files.exists(file.getParent());
            Files.createDirectories(file.getParent());
            DurableFiles.writeAtomically(file, Json.encode(pipeline));
            if (fresh) DurableFiles.fsyncDirectory(pipelinesDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save pipeline " + pipeline.pipelineId() + " to " + file, e);
        }
    }

    @Override
    public Optional<PipelineRecord> load(String pipelineId) {
        if (!JobIds.isValid(pipelineId)) return Optional.empty();
        Path file = dir(pipelineId).resolve(RECORD);
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), PipelineRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pipeline record " + file, e);
        }
    }

    /** Every pipeline on record, oldest first; one whose record cannot be read is left out with a warning. */
    @Override
    public List<PipelineRecord> loadAll() {
        List<PipelineRecord> all = new ArrayList<>();
        if (!Files.isDirectory(pipelinesDir())) return all;
        try (Stream<Path> dirs = Files.list(pipelinesDir())) {
            for (Path d : dirs.sorted().toList()) {
                try {
                    load(d.getFileName().toString()).ifPresent(all::add);
                } catch (RuntimeException e) {
                    log.warn("pipeline record under {} cannot be read, leaving it out: {}", d, e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pipelinesDir(), e);
        }
        all.sort(Comparator.comparing(PipelineRecord::submittedAt).thenComparing(PipelineRecord::pipelineId));
        return all;
    }

    @Override
    public String intermediateOutput(String pipelineId, String step) {
        return layout.toStoragePath(dir(pipelineId).resolve(STEPS).resolve(step));
    }

    @Override
    public void deleteIntermediate(String pipelineId) {
        deleteTree(dir(pipelineId).resolve(STEPS));
    }

    @Override
    public void delete(String pipelineId) {
        deleteTree(dir(pipelineId));
    }

    private static void deleteTree(Path dir) {
        try {
            DurableFiles.deleteTree(dir);
        } catch (IOException e) {
            // Left behind, not lost: the next delete (history pruning) tries again.
            log.warn("cannot delete {}: {}", dir, e.toString());
        }
    }
}
