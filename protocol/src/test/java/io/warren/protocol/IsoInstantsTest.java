package io.warren.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantsTest {
    private record Stamped(Instant at) {
    }

    private static Instant read(String json) throws Exception {
        return Json.MAPPER.readValue(json, Stamped.class).at();
    }

    @Test
    void readsWhatTheGeneralParserReadsForEveryInstantWarrenWrites() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String written = Json.encodeToString(new Stamped(t));
            assertThat(read(written)).as(written).isEqualTo(t);
            String iso = t.toString();
            assertThat(IsoInstants.parse(iso)).as(iso).isIn(null, Instant.parse(iso));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T04:40:56Z", "2026-12-07T04:40:56.1Z", "2026-12-07T04:40:56.123456789Z",
            "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z"})
    void theFastPathAgreesWithInstantParse(String iso) {
        assertThat(IsoInstants.parse(iso)).isEqualTo(Instant.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T04:40:56+01:00", "2026-12-07T04:40:56.1234567891Z", "2026-12-07 04:40:56Z",
            "+12026-12-07T04:40:56Z", "2026-12-07T04:40Z", "2026-12-07T24:00:00Z", "2026-12-07T04:40:56.Z"})
    void otherFormsAreLeftToTheGeneralParser(String text) {
        assertThat(IsoInstants.parse(text)).isNull();
    }

    @Test
    void offsetsAndNumbersStillReadAndBadDatesStillFailAsBefore() throws Exception {
        assertThat(read("{\"at\":\"2026-12-07T05:40:56+01:00\"}")).isEqualTo(Instant.parse("2026-12-07T04:40:56Z"));
        assertThat(read("{\"at\":1765082456.5}")).isEqualTo(Instant.ofEpochSecond(1_765_082_456L, 500_000_000));
        assertThatThrownBy(() -> read("{\"at\":\"2026-02-30T04:40:56Z\"}"))
                .hasMessageContaining("2026-02-30T04:40:56Z");
        assertThatThrownBy(() -> read("{\"at\":\"yesterday\"}")).hasMessageContaining("yesterday");
    }
}
