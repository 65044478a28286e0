package io.warren.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerIdsTest {

    @Test
    void generatedIdsAreValidAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = WorkerIds.generate("build-host.example.com", 4242);
            assertThat(WorkerIds.check(id)).isEqualTo(id);
            assertThat(id).startsWith("build-host.example.com-4242-");
            ids.add(id);
        }
        assertThat(ids).hasSize(200);
    }

    static Stream<String> oddHosts() {
        return Stream.of("My_Host.Example.COM", "host with spaces", "ünïcödé-機器", "---leading", "...dots", "", " ",
                "UPPER", "a:b/c\\d", "x".repeat(200), "-".repeat(200), "host\u0000\n", "trailing-dot.");
    }

    @ParameterizedTest
    @MethodSource("oddHosts")
    void oddHostNamesAreSanitisedIntoValidIds(String host) {
        String id = WorkerIds.generate(host, 17);

        assertThat(WorkerIds.check(id)).isEqualTo(id);
        assertThat(id).matches("[a-z0-9][a-z0-9.-]*-17-[a-z0-9]+").hasSizeLessThanOrEqualTo(80);
    }

    @Test
    void hostWithNothingUsableBecomesWorker() {
        assertThat(WorkerIds.generate("___", 1)).startsWith("worker-1-");
        assertThat(WorkerIds.generate("", 1)).startsWith("worker-1-");
    }

    @Test
    void hostIsLowerCasedAndOddCharactersReplaced() {
        assertThat(WorkerIds.generate("My_Host.Example.COM", 9)).startsWith("my-host.example.com-9-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Upper", "has space", "-leading", ".leading", "slash/inside", "under_score"})
    void checkRejectsUnsafeIds(String id) {
        assertThatThrownBy(() -> WorkerIds.check(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("worker id");
    }

    @Test
    void checkRejectsNullAndTooLongIds() {
        assertThatThrownBy(() -> WorkerIds.check(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerIds.check("a".repeat(81))).isInstanceOf(IllegalArgumentException.class);
        assertThat(WorkerIds.check("a".repeat(80))).hasSize(80);
    }

    @Test
    void theHandWrittenCheckAcceptsExactlyWhatItsPatternDoes() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9.-]{0,79}");
        java.util.Random random = new java.util.Random(42);
        String alphabet = "az09.-_A/ é";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(90);
            for (int i = 0; i < length; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String id = b.toString();
            assertThat(WorkerIds.isValid(id)).as(id).isEqualTo(pattern.matcher(id).matches());
        }
    }
}
