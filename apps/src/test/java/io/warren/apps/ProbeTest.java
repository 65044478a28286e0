package io.warren.apps;

import io.warren.api.Mapper;
import io.warren.apps.probe.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeTest {
    @TempDir
    Path once;

    private Mapper mapper() {
        return new Probe().mapper(FakeJobContext.withParams(Map.of("failOnceOf", "in/3.txt", "onceDir", once.toString())));
    }

    @Test
    void failOnceOfFailsTheFirstRunOfThatDocumentOnlySoItsRetrySucceeds() throws Exception {
        assertThatThrownBy(() -> mapper().map("in/3.txt", "a b", new RecordingEmitter()))
                .hasMessageContaining("in/3.txt");
        RecordingEmitter retry = new RecordingEmitter();
        mapper().map("in/3.txt", "a b", retry);
        assertThat(retry.pairs()).extracting(RecordingEmitter.Pair::key).containsExactly("a", "b");
        RecordingEmitter other = new RecordingEmitter();
        mapper().map("in/4.txt", "c", other);
        assertThat(other.pairs()).hasSize(1);
    }
}
