package io.warren.apps;

import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Text;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in mappers read lines as bytes; for any line they must emit exactly what their String form emits. */
class TextMapperTest {
    /** A regular expression, and fixed strings that grep looks for as bytes. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a.b|é|[0-9]+", "é", "the ", "漢字", "𝐀", "x"})
    void everyBuiltInMapperEmitsTheSamePairsFromBytesAsFromTheDecodedString(String pattern) throws Exception {
        Map<String, String> params = Map.of("pattern", pattern);
        Random random = new Random(17);
        for (MapReduceJob job : new MapReduceJob[]{new WordCount(), new Indexer(), new Grep()}) {
            for (int i = 0; i < 3_000; i++) {
                byte[] line = i % 2 == 0 ? RandomText.line(random).getBytes(StandardCharsets.UTF_8) : mangled(random);
                Mapper fromBytes = job.mapper(FakeJobContext.withParams(params));
                Mapper fromString = job.mapper(FakeJobContext.withParams(params));
                RecordingEmitter bytesOut = new RecordingEmitter();
                RecordingEmitter stringOut = new RecordingEmitter();

                byte[] padded = new byte[line.length + 6];
                System.arraycopy(line, 0, padded, 3, line.length);
                fromBytes.map("doc-1", new Text(padded, 3, line.length), bytesOut);
                fromString.map("doc-1", new String(line, StandardCharsets.UTF_8), stringOut);

                assertThat(bytesOut.pairs()).as("%s on %s", job.getClass().getSimpleName(), new String(line, StandardCharsets.UTF_8))
                        .isEqualTo(stringOut.pairs());
            }
        }
    }

    /** Text with bytes that are not UTF-8 in it: stray continuations, truncated and overlong sequences. */
    private static byte[] mangled(Random random) {
        byte[] bytes = RandomText.line(random).getBytes(StandardCharsets.UTF_8);
        for (int k = random.nextInt(4); k > 0 && bytes.length > 0; k--) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
        }
        return bytes;
    }
}
