package io.warren.coordinator;

import io.warren.coordinator.domain.Term;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineStore;

import java.util.List;
import java.util.Optional;

/**
 * A {@link PipelineStore} that asks the coordinator's {@link Term} before it replaces or deletes a pipeline's record or
 * files: a pipeline record is written whole, so a deposed coordinator's write would undo the new term's
 * (docs/fencing.md). One lookup per write, and a pipeline's record changes once per step.
 */
final class FencedPipelineStore implements PipelineStore {
    private final PipelineStore store;
    private final Term term;

    FencedPipelineStore(PipelineStore store, Term term) {
        this.store = store;
        this.term = term;
    }

    @Override
    public void save(PipelineRecord pipeline) {
        term.check();
        store.save(pipeline);
    }

    @Override
    public String intermediateOutput(String pipelineId, String step) {
        return store.intermediateOutput(pipelineId, step);
    }

    @Override
    public void deleteIntermediate(String pipelineId) {
        term.check();
        store.deleteIntermediate(pipelineId);
    }

    @Override
    public void delete(String pipelineId) {
        term.check();
        store.delete(pipelineId);
    }

    @Override
    public Optional<PipelineRecord> load(String pipelineId) {
        return store.load(pipelineId);
    }

    @Override
    public List<PipelineRecord> loadAll() {
        return store.loadAll();
    }
}
