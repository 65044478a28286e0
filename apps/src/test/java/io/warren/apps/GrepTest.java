package io.warren.apps;

import io.warren.api.InvalidJobException;
import io.warren.api.Mapper;
import io.warren.api.Reducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrepTest {
    private final Grep job = new Grep();

    @Test
    void validateRejectsAMissingPatternNamingTheParameter() {
        assertThatThrownBy(() -> job.validate(FakeJobContext.withParams(Map.of("other", "x"))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("'pattern'")
                .hasMessageContaining("--param pattern=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a(", "[abc", "*x", "a{2,1}", "(?<name)"})
    void validateRejectsAnInvalidRegexNamingTheParameter(String regex) {
        assertThatThrownBy(() -> job.validate(FakeJobContext.withParams(Map.of("pattern", regex))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("'pattern'")
                .hasMessageContaining("not a valid regular expression")
                .hasCauseInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void validateAcceptsAValidPattern() {
        assertThatCode(() -> job.validate(FakeJobContext.withParams(Map.of("pattern", "err(or)?\\s+\\d+"))))
                .doesNotThrowAnyException();
    }

    @Test
    void mapperCannotBeBuiltWithoutAPattern() {
        assertThatThrownBy(() -> job.mapper(FakeJobContext.noParams()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("'pattern'");
    }

    @ParameterizedTest(name = "{0} in \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "ell      | hello world  | true",
            "^ell     | hello world  | false",
            "world$   | hello world  | true",
            "o w      | hello world  | true",
            "\\d+     | abc 123      | true",
            "\\d+     | abc          | false",
            "(?i)HELLO| hello        | true",
            "HELLO    | hello        | false",
            "漢        | 漢字          | true",
    })
    void mapperKeepsLinesWithAMatchAnywhereInThem(String regex, String line, boolean kept) throws Exception {
        Mapper mapper = job.mapper(FakeJobContext.withParams(Map.of("pattern", regex)));
        RecordingEmitter out = new RecordingEmitter();

        mapper.map("logs/app.log", line, out);

        assertThat(out.pairs()).isEqualTo(kept ? List.of(new RecordingEmitter.Pair("logs/app.log", line)) : List.of());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "morning    | morning",
            "good day   | good day",
            "漢字       | 漢字",
            "a.b        | ",
            "err(or)?   | ",
            "\\d+     | ",
            "(?i)x      | ",
            "x{2}       | ",
            "\uFFFD    | ",
    })
    void onlyAPatternWithoutMetacharactersIsLookedForAsAFixedString(String regex, String literal) {
        assertThat(Grep.literal(regex)).isEqualTo(literal);
    }

    @Test
    void aFixedStringIsFoundAsBytesAnywhereInTheRangeAndNowhereOutsideIt() {
        byte[] text = "xx morning, morn".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] morning = "morning".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Grep.contains(text, 0, text.length, morning)).isTrue();
        assertThat(Grep.contains(text, 3, 10, morning)).isTrue();
        assertThat(Grep.contains(text, 4, text.length, morning)).isFalse();
        assertThat(Grep.contains(text, 3, 9, morning)).isFalse();
        assertThat(Grep.contains(text, 11, text.length, "morn".getBytes())).isTrue();
        assertThat(Grep.contains(text, 5, 5, new byte[0])).isTrue();
    }

    @Test
    void reducerPassesEveryLineThroughInOrder() throws Exception {
        Reducer reducer = job.reducer(FakeJobContext.withParams(Map.of("pattern", "x")));
        RecordingEmitter out = new RecordingEmitter();
        List<String> lines = List.of("x three", "x one", "x two", "x one");

        reducer.reduce("doc", lines.iterator(), out);

        assertThat(out.keys()).containsOnly("doc");
        assertThat(out.values()).containsExactlyElementsOf(lines);
    }
}
