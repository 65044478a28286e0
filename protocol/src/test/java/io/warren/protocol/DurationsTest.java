package io.warren.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT30S, 30s", "PT0.5S, 500ms", "PT2M, 2m", "PT1H, 1h", "PT168H, 7d", "PT0S, 0", "PT90S, 90s",
            "PT1.5S, 1500ms", "PT36H, 36h", "PT-10S, -10s", "PT0.0000005S, 500ns"})
    void durationsAreWrittenAsTheDocsWriteThem(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    }
}
