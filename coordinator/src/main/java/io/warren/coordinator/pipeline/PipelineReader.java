package io.warren.coordinator.pipeline;

import java.util.List;
import java.util.Optional;

/** Reads the pipelines on record, oldest first. */
public interface PipelineReader {
    /** No pipelines: for a reader of jobs only. */
    PipelineReader NONE = new PipelineReader() {
        @Override
        public Optional<PipelineRecord> load(String pipelineId) {
            return Optional.empty();
        }

        @Override
        public List<PipelineRecord> loadAll() {
            return List.of();
        }
    };

    Optional<PipelineRecord> load(String pipelineId);

    List<PipelineRecord> loadAll();
}
