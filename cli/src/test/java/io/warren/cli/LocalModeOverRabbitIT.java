package io.warren.cli;

import io.warren.apps.WordCount;
import io.warren.broker.testing.AmqpTestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warren run --amqp URI}: the same in-process roles, talking through a real RabbitMQ instead of memory. */
class LocalModeOverRabbitIT {
    @TempDir
    Path dir;

    @Test
    void wordcountOverRabbitMqMatchesTheSequentialComputation() throws Exception {
        Map<String, Path> docs = TextGenerator.write(dir, "in", 5, 150, 21);
        Path out = dir.resolve("out");
        int code = Main.execute("run", "--amqp", AmqpTestBroker.uri().toString(), "--app", "wordcount",
                "--input", dir + "/in/*.txt", "--output", out.toString(), "--reduces", "3", "--workers", "2");
        assertThat(code).isZero();
        Map<String, Path> named = new LinkedHashMap<>();
        docs.values().forEach(p -> named.put(p.toString(), p));
        assertThat(SequentialReference.output(out)).isEqualTo(SequentialReference.run(new WordCount(), Map.of(), named));
    }
}
