package io.warren.protocol.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileNamesTest {

    @Test
    void intermediateNameIsWorkerMapAndReduceJoinedByDashes() {
        assertThat(FileNames.intermediate("node-a-42-x1y2", 3, 7)).isEqualTo("node-a-42-x1y2-3-7");
    }

    @ParameterizedTest
    @CsvSource({"w, 0, 0", "node-a-42-x1y2, 3, 7", "host-12-34, 12, 34", "a.b.c-99-z, 2147483647, 0", "7, 1, 2"})
    void intermediateNameParsesBackToItsParts(String worker, int map, int reduce) {
        String name = FileNames.intermediate(worker, map, reduce);

        assertThat(FileNames.parseIntermediate(name)).contains(new FileNames.Intermediate(worker, map, reduce));
    }

    @Test
    void randomIntermediateNamesRoundTrip() {
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder worker = new StringBuilder().append(alphabet.charAt(random.nextInt(36)));
            int length = random.nextInt(30);
            for (int c = 0; c < length; c++) worker.append(alphabet.charAt(random.nextInt(alphabet.length())));
            int map = random.nextInt(100_000);
            int reduce = random.nextInt(10_000);

            assertThat(FileNames.parseIntermediate(FileNames.intermediate(worker.toString(), map, reduce)))
                    .contains(new FileNames.Intermediate(worker.toString(), map, reduce));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mr-out-3", "_SUCCESS", "worker-3", "worker-x-3", "Worker-1-2", "w-1-2.tmp",
            ".w-1-2.abc.tmp", "w-99999999999-1", "has space-1-2", "-1-2"})
    void otherNamesAreNotIntermediate(String name) {
        assertThat(FileNames.parseIntermediate(name)).isEmpty();
    }

    @Test
    void intermediateRejectsInvalidWorkerIdsAndNegativeTasks() {
        assertThatThrownBy(() -> FileNames.intermediate("Bad Worker", 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("worker id");
        assertThatThrownBy(() -> FileNames.intermediate("w", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileNames.intermediate("w", 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outputNameIsRecognisedAsOutput() {
        for (int r : new int[]{0, 1, 9, 10, 9_999}) {
            assertThat(FileNames.output(r)).isEqualTo(FileNames.OUTPUT_PREFIX + r);
            assertThat(FileNames.isOutput(FileNames.output(r))).isTrue();
        }
        assertThatThrownBy(() -> FileNames.output(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compressedOutputNamesCarryTheirExtensionAndAreOutput() {
        assertThat(FileNames.output(3, Compression.GZIP)).isEqualTo("mr-out-3.gz");
        assertThat(FileNames.output(3, Compression.ZSTD)).isEqualTo("mr-out-3.zst");
        assertThat(FileNames.output(3, Compression.NONE)).isEqualTo("mr-out-3");
        for (Compression c : Compression.values()) assertThat(FileNames.isOutput(FileNames.output(12, c))).as(c.name()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mr-out-", "mr-out-x", "mr-out-1.tmp", ".mr-out-1.123.tmp", "mr-out--1", "_SUCCESS", "out-1",
            "mr-out-.gz", "mr-out-1.gz.tmp", ".mr-out-1.gz.123.tmp", "mr-out-1.zip", "out-1.gz"})
    void otherNamesAreNotOutput(String name) {
        assertThat(FileNames.isOutput(name)).isFalse();
    }

    @Test
    void temporaryNameStartsWithTheFinalNamesPrefixAndIsTemporary() {
        String temp = FileNames.tempPrefix("mr-out-3") + "8472" + FileNames.TEMP_SUFFIX;

        assertThat(FileNames.isTemporary(temp)).isTrue();
        assertThat(FileNames.isOutput(temp)).isFalse();
        assertThat(FileNames.parseIntermediate(FileNames.tempPrefix("w-1-2") + "1" + FileNames.TEMP_SUFFIX)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mr-out-3", "w-1-2", "x.tmp", ".hidden", "_SUCCESS"})
    void dataNamesAreNotTemporary(String name) {
        assertThat(FileNames.isTemporary(name)).isFalse();
    }
}
