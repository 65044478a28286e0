package io.warren.coordinator.pipeline;

import java.util.List;
import java.util.Optional;

/** Reads the pipelines on record, oldest first. */
public interface PipelineReader {
    Optional<PipelineRecord> load(String pipelineId);

    List<PipelineRecord> loadAll();
}
