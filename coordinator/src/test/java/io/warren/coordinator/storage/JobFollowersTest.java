package io.warren.coordinator.storage;

import io.warren.coordinator.domain.JobRecord;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class JobFollowersTest {
    private static final String JOB = SchedulerWorkload.JOB;
    @TempDir
    Path root;

    private StorageLayout layout() {
        return StorageLayout.under(root);
    }

    /**
     * A job saved by a real scheduler, read by a follower after every save: each read is the state just saved, and the
     * follower reads the job whole only when a compaction took segments it had not read yet, not once per save.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 3, 4, 5, 6}) // runs long enough to fold their journal
    void eachReadIsTheStateJustSavedReadRecordByRecord(long seed) {
        JobFollowers followers = new JobFollowers(layout(), 4);
        List<JobRecord> read = new ArrayList<>();
        // Snapshots now and then, written at once (the compaction runs on the saving thread), and counted.
        int[] compactions = {0};
        Executor atOnce = compaction -> {
            compactions[0]++;
            compaction.run();
        };
        List<JobRecord> saved = new SchedulerWorkload(seed, 80, 3).run(new FileJobStore(layout(), 20_000, atOnce),
                live -> read.add(followers.load(JOB).orElseThrow()));

        assertThat(read).isEqualTo(saved);
        assertThat(new FileJobStore(layout()).load(JOB)).contains(saved.get(saved.size() - 1));
        assertThat(compactions[0]).as("the journal was folded into snapshots along the way").isGreaterThan(1);
        assertThat(followers.wholeReads(JOB)).as("whole reads of %d saves, %d snapshots", saved.size(), compactions[0])
                .isLessThanOrEqualTo(compactions[0] + 1);
    }

    @Test
    void withoutCompactionsAJobIsReadWholeOnceAndThenFollowedToItsEndAndItsFinalSnapshot() {
        JobFollowers followers = new JobFollowers(layout(), 4);
        List<JobRecord> read = new ArrayList<>();
        // Only the job's end folds its journal into a snapshot, written at once.
        List<JobRecord> saved = new SchedulerWorkload(7, 30, 2).run(new FileJobStore(layout(), Long.MAX_VALUE,
                Runnable::run), live -> read.add(followers.load(JOB).orElseThrow()));

        assertThat(read).isEqualTo(saved);
        assertThat(followers.load(JOB)).contains(saved.get(saved.size() - 1));
        // Read once whole, then record by record; the snapshot written as the job ended holds nothing new.
        assertThat(followers.wholeReads(JOB)).isEqualTo(1);
    }

    @Test
    void aJobKeptUpToDateIsReadAsItGrowsWithoutBeingAskedFor() throws Exception {
        FileJobStore store = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        try (JobFollowers followers = new JobFollowers(layout(), 4).keepUpToDate(java.time.Duration.ofMillis(20),
                java.time.Duration.ofMinutes(1))) {
            long[] saves = {0};
            List<JobRecord> saved = new SchedulerWorkload(31, 20, 2).run(store, live -> {
                if (saves[0]++ == 2) followers.load(JOB); // looked at once, early on
            });
            JobRecord last = saved.get(saved.size() - 1);
            long lastSeq = saved.size() - 1; // record 0 is the snapshot made when the job was created
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> followers.recordsRead(JOB) == lastSeq);

            assertThat(followers.load(JOB)).contains(last);
            assertThat(followers.wholeReads(JOB)).isEqualTo(1);
        }
    }

    @Test
    void aJobNotAskedForInTheWatchedTimeIsForgottenAndReadWholeWhenAskedAgain() {
        new SchedulerWorkload(41, 8, 1).run(new FileJobStore(layout(), Long.MAX_VALUE, Runnable::run), live -> { });
        try (JobFollowers followers = new JobFollowers(layout(), 4).keepUpToDate(java.time.Duration.ofMillis(10),
                java.time.Duration.ofMillis(50))) {
            JobRecord read = followers.load(JOB).orElseThrow();
            assertThat(followers.wholeReads(JOB)).isEqualTo(1);

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> followers.wholeReads(JOB) == 0); // no follower of the job left

            assertThat(followers.load(JOB)).contains(read);
            assertThat(followers.wholeReads(JOB)).isEqualTo(1);
        }
    }

    @Test
    void aTornTailIsNotReadUntilItIsWholeAndADeletedJobIsGone() throws IOException {
        FileJobStore store = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        List<JobRecord> saved = new SchedulerWorkload(11, 12, 2).run(store, live -> { });
        // Read back a job that is not over yet: the saves up to the middle, then a half-written record.
        JobFollowers followers = new JobFollowers(layout(), 4);
        assertThat(followers.load(JOB)).contains(saved.get(saved.size() - 1));
        JobFiles files = new JobFiles(layout(), JOB);
        List<JobFiles.Segment> segments = files.segments();
        if (!segments.isEmpty()) {
            try (FileChannel ch = FileChannel.open(segments.get(segments.size() - 1).path(), StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(new byte[]{0, 0, 1, 0, 7})); // a frame header cut short
            }
        }
        assertThat(followers.load(JOB)).contains(saved.get(saved.size() - 1));

        store.delete(JOB);
        assertThat(followers.load(JOB)).isEmpty();
        assertThat(followers.load("no-such-job")).isEmpty();
    }

    @Test
    void aJobDeletedAndSubmittedAgainUnderItsIdIsReadAnew() {
        JobFollowers followers = new JobFollowers(layout(), 1);
        FileJobStore store = new FileJobStore(layout(), Long.MAX_VALUE, compaction -> { });
        List<JobRecord> first = new SchedulerWorkload(21, 10, 2).run(store, live -> followers.load(JOB));
        assertThat(followers.load(JOB)).contains(first.get(first.size() - 1));
        store.delete(JOB);

        List<JobRecord> second = new SchedulerWorkload(22, 6, 1).run(new FileJobStore(layout(), Long.MAX_VALUE,
                compaction -> { }), live -> { });

        assertThat(followers.load(JOB)).contains(second.get(second.size() - 1));
    }
}
