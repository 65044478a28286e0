package io.warren.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobIdsTest {
    private static final Instant START = Instant.parse("2026-11-25T04:40:55Z");

    @Test
    void generatedIdIsValidAndCarriesTheClocksTimeInUtc() {
        Clock clock = Clock.fixed(START, ZoneOffset.ofHours(9));

        String id = JobIds.generate(clock);

        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(START);
        assertThat(JobIds.check(id)).isEqualTo(id);
        assertThat(id).matches("job-" + stamp + "-[0-9a-f]{6}");
    }

    @Test
    void idsGeneratedAtDifferentSecondsAreDistinctAndSortByTime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(JobIds.generate(Clock.fixed(START.plusSeconds(i * 37L), ZoneOffset.UTC)));
        }

        assertThat(ids).doesNotHaveDuplicates().isSorted().allSatisfy(id -> assertThat(JobIds.check(id)).isEqualTo(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"job-1", "a", "A.b_c-9", "0"})
    void checkAcceptsSafeIds(String id) {
        assertThat(JobIds.check(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", ".", "../x", "a/b", "a\\b", "-a", "_a", "has space", "é"})
    void checkRejectsUnsafeIds(String id) {
        assertThatThrownBy(() -> JobIds.check(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job id");
    }

    @Test
    void checkRejectsNullAndTooLongIds() {
        assertThatThrownBy(() -> JobIds.check(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobIds.check("j".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThat(JobIds.check("j".repeat(64))).hasSize(64);
    }

    @Test
    void theHandWrittenCheckAcceptsExactlyWhatItsPatternDoes() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        java.util.Random random = new java.util.Random(42);
        String alphabet = "aZ09._-/ é";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(90);
            for (int i = 0; i < length; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String id = b.toString();
            assertThat(JobIds.isValid(id)).as(id).isEqualTo(pattern.matcher(id).matches());
        }
    }
}
