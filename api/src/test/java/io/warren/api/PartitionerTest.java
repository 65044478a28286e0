package io.warren.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionerTest {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éü漢字😀-_.";

    @Test
    void sameKeyAlwaysGoesToTheSamePartitionWhateverTheInstance() {
        Random random = new Random(1);
        for (int i = 0; i < 1_000; i++) {
            String key = randomKey(random);
            int reduces = 1 + random.nextInt(100);
            int first = Partitioner.hash().partition(key, reduces);
            assertThat(Partitioner.hash().partition(key, reduces)).isEqualTo(first);
            assertThat(Partitioner.hash().partition(new String(key.toCharArray()), reduces)).isEqualTo(first);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 13, 100, 1024, 9_999, 10_000})
    void partitionIsAlwaysWithinZeroAndTheReduceCount(int reduces) {
        Random random = new Random(reduces);
        Partitioner partitioner = Partitioner.hash();
        for (int i = 0; i < 20_000; i++) {
            assertThat(partitioner.partition(randomKey(random), reduces)).isBetween(0, reduces - 1);
        }
    }

    @Test
    void partitionIsWithinRangeForRandomReduceCounts() {
        Random random = new Random(2);
        Partitioner partitioner = Partitioner.hash();
        for (int i = 0; i < 20_000; i++) {
            int reduces = 1 + random.nextInt(10_000);
            assertThat(partitioner.partition(randomKey(random), reduces)).isBetween(0, reduces - 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "foobar", "hello world", "héllo", "漢字", "😀", "Warren MapReduce on RabbitMQ"})
    void matchesTheFnv1aDefinitionOverUtf8Bytes(String key) {
        for (int reduces : new int[]{1, 2, 7, 8, 1000, 10_000, Integer.MAX_VALUE}) {
            assertThat(Partitioner.hash().partition(key, reduces))
                    .as("key %s, %d reduces", key, reduces)
                    .isEqualTo(Math.floorMod(referenceFnv1a(key), reduces));
        }
    }

    @Test
    void referenceHashAgreesWithPublishedFnv1aTestVectors() {
        // guards the test's own implementation: FNV-1a 32-bit of "" and "a" as published with the algorithm
        assertThat(referenceFnv1a("")).isEqualTo(0x811c9dc5);
        assertThat(referenceFnv1a("a")).isEqualTo(0xe40c292c);
        assertThat(referenceFnv1a("foobar")).isEqualTo(0xbf9cf968);
    }

    @Test
    void randomKeysSpreadEvenlyOverEightPartitions() {
        Random random = new Random(3);
        int reduces = 8;
        int keys = 100_000;
        int[] counts = new int[reduces];
        Partitioner partitioner = Partitioner.hash();
        for (int i = 0; i < keys; i++) {
            counts[partitioner.partition(randomKey(random), reduces)]++;
        }
        double mean = (double) keys / reduces;
        for (int p = 0; p < reduces; p++) {
            assertThat((double) counts[p]).as("partition %d", p).isBetween(mean * 0.9, mean * 1.1);
        }
    }

    /** FNV-1a, 32 bits, straight from its definition, computed in unsigned long arithmetic then truncated. */
    private static int referenceFnv1a(String key) {
        long hash = 0x811c9dc5L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= Byte.toUnsignedLong(b);
            hash = (hash * 0x01000193L) & 0xffffffffL;
        }
        return (int) hash;
    }

    private static String randomKey(Random random) {
        int length = 1 + random.nextInt(12);
        StringBuilder key = new StringBuilder();
        int[] codePoints = ALPHABET.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            key.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return key.toString();
    }
}
