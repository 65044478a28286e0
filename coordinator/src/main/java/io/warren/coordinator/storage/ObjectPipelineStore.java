package io.warren.coordinator.storage;

import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineStore;
import io.warren.protocol.JobIds;
import io.warren.protocol.Json;
import io.warren.storage.JobDirectory;
import io.warren.storage.Keys;
import io.warren.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Pipelines in the work area of a bucket root, laid out as {@link FilePipelineStore} lays them out in a directory:
 * {@code pipelines/<id>/pipeline.json}, replaced whole (one PUT: an object is whole or absent), and
 * {@code pipelines/<id>/steps/<step>/}, the outputs of steps without an output of their own.
 */
public final class ObjectPipelineStore implements PipelineStore {
    private static final Logger log = LoggerFactory.getLogger(ObjectPipelineStore.class);
    private static final String PIPELINES = "pipelines/";
    private static final String RECORD = "pipeline.json";
    private final ObjectStore work;

    /** @param work the store rooted at Warren's work area */
    public ObjectPipelineStore(ObjectStore work) {
        this.work = work;
    }

    private static String dir(String pipelineId) {
        return PIPELINES + JobIds.check(pipelineId) + "/";
    }

    @Override
    public void save(PipelineRecord pipeline) {
        String key = dir(pipeline.pipelineId()) + RECORD;
        try {
            work.write(key, Json.encode(pipeline));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save pipeline " + pipeline.pipelineId() + " to " + work.uri(key)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<PipelineRecord> load(String pipelineId) {
        if (!JobIds.isValid(pipelineId)) return Optional.empty();
        String key = dir(pipelineId) + RECORD;
        try {
            return Optional.of(Json.read(work.read(key), PipelineRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pipeline record " + work.uri(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<PipelineRecord> loadAll() {
        List<PipelineRecord> all = new ArrayList<>();
        try {
            for (ObjectStore.StoredObject o : work.list(PIPELINES)) {
                String rest = o.key().substring(PIPELINES.length());
                if (!rest.endsWith("/" + RECORD) || rest.indexOf('/') != rest.length() - RECORD.length() - 1) continue;
                try {
                    load(rest.substring(0, rest.indexOf('/'))).ifPresent(all::add);
                } catch (RuntimeException e) {
                    log.warn("pipeline record {} cannot be read, leaving it out: {}", work.uri(o.key()), e.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + work.uri(PIPELINES) + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing(PipelineRecord::submittedAt).thenComparing(PipelineRecord::pipelineId));
        return all;
    }

    /** The step's output as a job path relative to the bucket root: under the work area, {@code .warren/...}. */
    @Override
    public String intermediateOutput(String pipelineId, String step) {
        return JobDirectory.WORK_AREA + "/" + Keys.check(dir(pipelineId) + "steps/" + step);
    }

    @Override
    public void deleteIntermediate(String pipelineId) {
        deletePrefix(dir(pipelineId) + "steps/");
    }

    @Override
    public void delete(String pipelineId) {
        deletePrefix(dir(pipelineId));
    }

    private void deletePrefix(String prefix) {
        try {
            work.deletePrefix(prefix);
        } catch (IOException e) {
            // Left behind, not lost: the next delete (history pruning) tries again.
            log.warn("cannot delete {}: {}", work.uri(prefix), e.toString());
        }
    }
}
