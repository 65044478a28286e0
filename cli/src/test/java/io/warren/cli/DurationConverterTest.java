package io.warren.cli;

import io.warren.protocol.Durations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {
    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "10s, PT10S", "2m, PT2M", "1h, PT1H", "7d, PT168H", "0, PT0S", "PT90S, PT1M30S"})
    void readsTheWaysPeopleWriteDurations(String written, String iso) {
        assertThat(DurationConverter.parse(written)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({"PT0.25S", "PT30S", "PT90S", "PT2M", "PT36H", "PT168H", "PT0S"})
    void whatWarrenPrintsReadsBackAsTheSameDuration(String iso) {
        Duration d = Duration.parse(iso);
        assertThat(DurationConverter.parse(Durations.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten seconds", "5 s", "-3s", "1w"})
    void refusesAnythingElseWithAHint(String written) {
        assertThatThrownBy(() -> DurationConverter.parse(written))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("7d");
    }
}
