package io.warren.coordinator;

import io.warren.coordinator.domain.Term;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.pipeline.PipelineStore;
import io.warren.coordinator.storage.FileEpochStore;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deposed coordinator neither replaces nor deletes a pipeline's record or files; reading stays allowed. */
class FencedPipelineStoreTest {
    @TempDir
    Path root;
    private final List<String> written = new ArrayList<>();
    private final PipelineStore files = new PipelineStore() {
        @Override
        public void save(PipelineRecord pipeline) {
            written.add("save " + pipeline.pipelineId());
        }

        @Override
        public String intermediateOutput(String pipelineId, String step) {
            return "pipelines/" + pipelineId + "/steps/" + step;
        }

        @Override
        public void deleteIntermediate(String pipelineId) {
            written.add("delete steps of " + pipelineId);
        }

        @Override
        public void delete(String pipelineId) {
            written.add("delete " + pipelineId);
        }

        @Override
        public Optional<PipelineRecord> load(String pipelineId) {
            return Optional.empty();
        }

        @Override
        public List<PipelineRecord> loadAll() {
            return List.of();
        }
    };

    @Test
    void writesPassUntilANewerTermBeginsAndAreRefusedAfter() {
        FileEpochStore epochs = new FileEpochStore(StorageLayout.under(root));
        FencedPipelineStore store = new FencedPipelineStore(files, Term.begin(epochs));
        store.deleteIntermediate("p1");
        assertThat(written).containsExactly("delete steps of p1");

        Term.begin(epochs);
        assertThatThrownBy(() -> store.delete("p1")).isInstanceOf(Term.Superseded.class);
        assertThatThrownBy(() -> store.deleteIntermediate("p2")).isInstanceOf(Term.Superseded.class);
        assertThat(written).containsExactly("delete steps of p1");
        assertThat(store.loadAll()).isEmpty();
        assertThat(store.intermediateOutput("p1", "count")).isEqualTo("pipelines/p1/steps/count");
    }
}
