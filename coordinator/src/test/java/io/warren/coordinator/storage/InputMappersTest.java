package io.warren.coordinator.storage;

import io.warren.api.InvalidJobException;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.groups.Tuple.tuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner gives each split its input's mapper, and refuses a spec whose inputs and mappers do not fit the job. */
class InputMappersTest {
    @TempDir
    Path root;
    private FileJobPlanner planner;

    @BeforeEach
    void files() throws IOException {
        StorageLayout layout = StorageLayout.under(root);
        planner = new FileJobPlanner(layout, new AppCatalog(layout), true);
        for (String f : List.of("left/a.txt", "left/b.txt", "right/c.txt")) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.writeString(root.resolve(f), "x\n");
        }
    }

    private JobSpec spec(List<String> inputs, Map<String, String> mappers) {
        return JobSpec.of("j", TwoInputsJob.class.getName(), null, inputs, "out", 2, Map.of()).withInputMappers(mappers);
    }

    @Test
    void eachSplitCarriesItsInputsMapper() {
        List<InputSplit> splits = planner.plan(spec(List.of("left/", "right/*.txt"), Map.of("left/", "left",
                "right/*.txt", "right"))).stream().flatMap(List::stream).toList();

        assertThat(splits).extracting(InputSplit::path, InputSplit::mapper).containsExactlyInAnyOrder(
                tuple("left/a.txt", "left"), tuple("left/b.txt", "left"),
                tuple("right/c.txt", "right"));
    }

    @Test
    void anUnknownMapperIsRefusedNamingTheOnesTheJobOffers() {
        assertThatThrownBy(() -> planner.check(spec(List.of("left/"), Map.of("left/", "lefty"))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("unknown mapper 'lefty'")
                .hasMessageContaining("[left, right]");
    }

    @Test
    void aMapperForAnInputTheJobDoesNotReadIsRefused() {
        assertThatThrownBy(() -> planner.check(spec(List.of("left/"), Map.of("left/", "left", "rihgt/", "right"))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("not one of the job's inputs");
    }

    @Test
    void anInputWithoutAMapperIsRefusedWhenTheJobHasNoDefaultOne() {
        assertThatThrownBy(() -> planner.check(spec(List.of("left/", "right/"), Map.of("left/", "left"))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("[right/] name no mapper");
    }

    @Test
    void aFileTwoInputsGiveDifferentMappersIsRefused() {
        assertThatThrownBy(() -> planner.plan(spec(List.of("left/", "left/a.txt"), Map.of("left/", "left",
                "left/a.txt", "right")))).isInstanceOf(InvalidJobException.class).hasMessageContaining("different mappers");
    }
}
