package io.warren.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every adapter of the storage port promises, run against each one (the local file system, S3 on a real S3
 * server), as the broker contract is run against both brokers.
 */
public abstract class ObjectStoreContract {
    private ObjectStore store;

    /** A fresh, empty store for one test. */
    protected abstract ObjectStore newStore() throws Exception;

    /** Bytes comfortably over the adapter's multipart threshold, if it has one. */
    protected int largeObjectBytes() {
        return 3 << 20;
    }

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    protected ObjectStore store() {
        return store;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWrittenObjectReadsBackWithItsSize() throws IOException {
        store.write("a/b/c.txt", utf8("hello"));

        assertThat(store.read("a/b/c.txt")).isEqualTo(utf8("hello"));
        assertThat(store.size("a/b/c.txt")).contains(5L);
        assertThat(store.exists("a/b/c.txt")).isTrue();
    }

    @Test
    void aMissingObjectHasNoSizeAndCannotBeOpened() throws IOException {
        assertThat(store.size("nothing/here")).isEmpty();
        assertThat(store.exists("nothing/here")).isFalse();
        assertThatThrownBy(() -> store.open("nothing/here")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void listingFindsEveryObjectUnderAPrefixSortedWithSizes() throws IOException {
        store.write("in/b.txt", utf8("bb"));
        store.write("in/a.txt", utf8("a"));
        store.write("in/deep/c.txt", utf8("ccc"));
        store.write("inner.txt", utf8("x"));
        store.write("out/d.txt", utf8("dddd"));

        assertThat(store.list("in/")).containsExactly(new ObjectStore.StoredObject("in/a.txt", 1),
                new ObjectStore.StoredObject("in/b.txt", 2), new ObjectStore.StoredObject("in/deep/c.txt", 3));
        assertThat(store.list("in").stream().map(ObjectStore.StoredObject::key))
                .containsExactly("in/a.txt", "in/b.txt", "in/deep/c.txt", "inner.txt");
        assertThat(store.list("")).hasSize(5);
        assertThat(store.list("missing/")).isEmpty();
    }

    @Test
    void aRangedReadReturnsJustTheRange() throws IOException {
        store.write("r", utf8("0123456789"));

        try (InputStream in = store.open("r", 3, 4)) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("3456"));
        }
        try (InputStream in = store.open("r", 7, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("789"));
        }
        try (InputStream in = store.open("r", 8, 100)) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("89"));
        }
    }

    @Test
    void aChannelReadsFromAnOffsetToTheEnd() throws IOException {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        store.write("c", content);

        try (var channel = store.channel("c", 1000)) {
            java.nio.ByteBuffer all = java.nio.ByteBuffer.allocate(content.length);
            while (channel.read(all) >= 0 && all.hasRemaining()) {
                // reads as much as each call gives
            }
            assertThat(all.position()).isEqualTo(content.length - 1000);
            assertThat(java.util.Arrays.copyOf(all.array(), all.position()))
                    .isEqualTo(java.util.Arrays.copyOfRange(content, 1000, content.length));
        }
    }

    @Test
    void aPendingObjectIsInvisibleUntilCommitted() throws IOException {
        try (PendingObject out = store.create("p/obj")) {
            out.write(utf8("partial"));
            assertThat(store.exists("p/obj")).isFalse();
            assertThat(store.list("p/")).isEmpty();
            out.commit();
        }
        assertThat(store.read("p/obj")).isEqualTo(utf8("partial"));
    }

    @Test
    void closingAPendingObjectUncommittedLeavesNothing() throws IOException {
        try (PendingObject out = store.create("p/obj")) {
            out.write(new byte[1000]);
        }
        assertThat(store.exists("p/obj")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void commitReplacesAnExistingObject() throws IOException {
        store.write("k", utf8("first"));
        store.write("k", utf8("second"));

        assertThat(store.read("k")).isEqualTo(utf8("second"));
    }

    @Test
    void commitOnceKeepsTheFirstCommittedObject() throws IOException {
        try (PendingObject first = store.create("once"); PendingObject late = store.create("once")) {
            late.write(utf8("late"));
            first.write(utf8("first"));
            assertThat(first.commitOnce()).isTrue();
            assertThat(late.commitOnce()).isFalse();
        }
        assertThat(store.read("once")).isEqualTo(utf8("first"));
        assertThat(store.list("")).extracting(ObjectStore.StoredObject::key).containsExactly("once");
    }

    @Test
    void ofWritersRacingForOneKeyExactlyOneWins() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] content = utf8("writer-" + i);
                results.add(pool.submit((Callable<Boolean>) () -> store.writeOnce("journal/entry-1", content)));
            }
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < writers; i++) if (results.get(i).get()) winners.add(i);

            assertThat(winners).hasSize(1);
            assertThat(store.read("journal/entry-1")).isEqualTo(utf8("writer-" + winners.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLargeObjectRoundTripsWhole() throws IOException {
        byte[] content = new byte[largeObjectBytes()];
        new Random(22).nextBytes(content);
        try (PendingObject out = store.create("big/object")) {
            for (int off = 0; off < content.length; off += 100_000) {
                out.write(content, off, Math.min(100_000, content.length - off));
            }
            assertThat(out.size()).isEqualTo(content.length);
            assertThat(out.commitOnce()).isTrue();
        }
        assertThat(store.size("big/object")).contains((long) content.length);
        assertThat(store.read("big/object")).isEqualTo(content);
        try (InputStream in = store.open("big/object", content.length - 10, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 10, content.length));
        }
    }

    @Test
    void aLargePendingObjectClosedUncommittedLeavesNothing() throws IOException {
        try (PendingObject out = store.create("big/abandoned")) {
            out.write(new byte[largeObjectBytes()]);
        }
        assertThat(store.exists("big/abandoned")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aDirectoryExistsOnceMadeIsNeverListedAndGoesWithItsPrefix() throws IOException {
        assertThat(store.isDirectory("jobs/j1/intermediate")).isFalse();
        store.makeDirectory("jobs/j1/intermediate");
        store.makeDirectory("jobs/j1/intermediate");
        store.write("jobs/j1/intermediate/w-0-0", utf8("x"));

        assertThat(store.isDirectory("jobs/j1/intermediate")).isTrue();
        assertThat(store.list("jobs/")).extracting(ObjectStore.StoredObject::key)
                .containsExactly("jobs/j1/intermediate/w-0-0");

        store.deletePrefix("jobs/j1/");
        assertThat(store.isDirectory("jobs/j1/intermediate")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void deletingRemovesOneObjectOrAPrefixAndMissingIsFine() throws IOException {
        store.write("d/1", utf8("1"));
        store.write("d/2", utf8("2"));
        store.write("dx", utf8("3"));

        assertThat(store.delete("d/1")).isTrue();
        assertThat(store.delete("d/1")).isFalse();
        store.deletePrefix("d/");
        store.deletePrefix("never/");

        assertThat(store.list("")).extracting(ObjectStore.StoredObject::key).containsExactly("dx");
    }

    @Test
    void discardingUnfinishedWritesMakesTheirCommitFailAndKeepsCommittedObjects() throws IOException {
        store.write("out/mr-out-0", utf8("done"));
        try (PendingObject small = store.create("out/mr-out-1"); PendingObject large = store.create("out/mr-out-2")) {
            small.write(utf8("late"));
            large.write(new byte[largeObjectBytes()]);
            large.flush();

            store.discardUnfinished("out/");

            assertThatThrownBy(large::commitOnce).isInstanceOf(IOException.class);
        }
        assertThat(store.list("")).extracting(ObjectStore.StoredObject::key).containsExactly("out/mr-out-0");
        assertUnfinishedWritesUnder("out/", 0);
    }

    /** Asserts how many unfinished writes the adapter holds under {@code prefix}, where it can see them. */
    protected void assertUnfinishedWritesUnder(String prefix, int expected) throws IOException {
    }

    @Test
    void keysThatCouldLeaveTheStoreAreRefused() {
        for (String key : List.of("../etc/passwd", "a/../../b", "/abs", "a//b", "a/./b")) {
            assertThatThrownBy(() -> store.write(key, new byte[1])).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aUriNamesTheKey() {
        assertThat(store.uri("x/y.txt")).endsWith("x/y.txt");
    }
}
