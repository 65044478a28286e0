package io.warren.apps;

import io.warren.api.Emitter;
import io.warren.api.InvalidJobException;
import io.warren.api.Text;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sort's map splits a line into its key bytes and the rest; its reduce puts them back together as the line. */
class SortTest {
    private final Sort sort = new Sort();

    private static List<String> mapped(Map<String, String> params, String line) throws Exception {
        RecordingEmitter out = new RecordingEmitter();
        byte[] b = ("[" + line + "]").getBytes(StandardCharsets.UTF_8);
        new Sort().mapper(FakeJobContext.withParams(params)).map("doc", new Text(b, 1, b.length - 2), out);
        return out.pairs().stream().map(p -> p.key() + "|" + p.value()).toList();
    }

    @Test
    void theKeyIsTheFirstKeyBytesOrTheWholeLine() throws Exception {
        assertThat(mapped(Map.of("key-bytes", "3"), "abcdef gh")).containsExactly("abc|def gh");
        assertThat(mapped(Map.of("key-bytes", "10"), "short")).containsExactly("short|");
        assertThat(mapped(Map.of(), "the whole line")).containsExactly("the whole line|");
    }

    @Test
    void theReduceWritesEachLineAsItIsWithNoSeparator() throws Exception {
        List<String> records = new ArrayList<>();
        Emitter out = new Emitter() {
            @Override
            public void emit(String key, String value) {
                throw new AssertionError("a sort emits records, not pairs");
            }

            @Override
            public void emitRecord(CharSequence record) {
                records.add(record.toString());
            }
        };
        sort.reducer(FakeJobContext.noParams()).reduce("abc", List.of("def", " x", "").iterator(), out);
        assertThat(records).containsExactly("abcdef", "abc x", "abc");
    }

    @Test
    void aSortsKeysMaySpanReducesAndItsKeyBytesMustBePositive() {
        assertThat(sort.keysMaySpanReduces()).isTrue();
        assertThatThrownBy(() -> sort.validate(FakeJobContext.withParams(Map.of("key-bytes", "0"))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("key-bytes");
        assertThatThrownBy(() -> sort.validate(FakeJobContext.withParams(Map.of("key-bytes", "ten"))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("ten");
    }
}
