package io.warren.coordinator.storage;

import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.MutableClock;
import io.warren.coordinator.domain.JobStore;
import io.warren.coordinator.domain.OutputCommitter;
import io.warren.coordinator.domain.SchedulerListener;
import io.warren.coordinator.domain.TaskCensus;
import io.warren.coordinator.domain.TaskScheduler;
import io.warren.coordinator.domain.TaskState;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Phase;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.WorkerEvent;
import io.warren.protocol.storage.StorageLayout;

import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A seeded run of one job through a real {@link TaskScheduler} that saves into a given store: random worker events
 * (starts, heartbeats, completions with counters, duplicates and late reports, failures, lost map outputs, silences
 * past the task timeout, now and then a cancel), with a flush after every few. The scheduler runs on a clock of its
 * own, so the same seed gives the same saves, in the same order, whatever the store: a test can kill a process running
 * it and compute here the states that process saved. At every flush it checks that the counts the scheduler reports
 * (progress, the metrics' census), which it keeps as tasks change, agree with a count over the job as saved.
 */
public final class SchedulerWorkload {
    public static final String JOB = "job-under-test";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The job as the scheduler had it at each save, in order: what every prefix of its journal must read back as. */
    private final List<JobRecord> saves = new ArrayList<>();
    private final Random random;
    private final int maps;
    private final int reduces;

    public SchedulerWorkload(long seed, int maps, int reduces) {
        this.random = new Random(seed);
        this.maps = maps;
        this.reduces = reduces;
    }

    /** Saves of the job in a store that keeps nothing: the states a run of this seed passes through. */
    static List<JobRecord> states(long seed, int maps, int reduces) {
        return new SchedulerWorkload(seed, maps, reduces).run(new Discarding(), live -> { });
    }

    /**
     * Runs the job to its end (or 20,000 flushes) against {@code store}.
     *
     * @param afterSave called with the job as saved, after each save has returned
     * @return the job as it was at each save
     */
    public List<JobRecord> run(JobStore store, Consumer<JobRecord> afterSave) {
        MutableClock clock = new MutableClock();
        List<TaskMessage> published = new ArrayList<>();
        JobStore recording = new JobStore() {
            @Override
            public void save(JobChange change, Supplier<JobRecord> whole) {
                JobRecord live = whole.get();
                store.save(change, () -> live);
                saves.add(live);
                afterSave.accept(live);
            }

            @Override
            public Optional<JobRecord> load(String jobId) {
                return store.load(jobId);
            }

            @Override
            public List<JobRecord> loadAll() {
                return store.loadAll();
            }

            @Override
            public void delete(String jobId) {
                store.delete(jobId);
            }
        };
        TaskScheduler scheduler = new TaskScheduler(TaskScheduler.Settings.of(TIMEOUT, 4, BackupPolicy.off()), clock,
                spec -> IntStream.range(0, maps).mapToObj(m -> List.of(InputSplit.wholeFile("in/" + m, 100))).toList(),
                published::addAll, recording, NO_OUTPUT, this::checkProgress, answer -> { }, new SchedulerListener() {
                    @Override
                    public void jobSaved(String jobId, JobState state, TaskCensus tasks) {
                        checkCensus(state, tasks);
                    }
                });
        List<String> inputs = IntStream.range(0, maps).mapToObj(m -> "in/" + m).toList();
        scheduler.submit(JobSpec.of(JOB, "wordcount", null, inputs, "out", reduces, Map.of()));
        scheduler.flush();
        for (int flush = 0; flush < 20_000 && !saves.get(saves.size() - 1).state().isTerminal(); flush++) {
            int events = 1 + random.nextInt(6);
            for (int e = 0; e < events && !published.isEmpty(); e++) {
                clock.advance(Duration.ofMillis(random.nextInt(200)));
                step(scheduler, clock, published);
            }
            scheduler.flush();
        }
        return saves;
    }

    /** The counts a flush reports come from the job's tally, not a scan: they must agree with the job as saved. */
    private void checkProgress(JobUpdate update) {
        JobRecord saved = saves.get(saves.size() - 1);
        if (update.mapsDone() != saved.mapsDone() || update.reducesDone() != saved.reducesDone()
                || !update.counters().equals(Map.of()) && !saved.counters().entrySet().containsAll(update.counters().entrySet())) {
            throw new AssertionError("progress " + update + " disagrees with the saved job's counts " + saved.mapsDone()
                    + "/" + saved.reducesDone() + " " + saved.counters());
        }
    }

    private void checkCensus(JobState state, TaskCensus tasks) {
        JobRecord saved = saves.get(saves.size() - 1);
        for (Phase phase : Phase.values()) {
            for (TaskState s : TaskState.values()) {
                long scanned = (phase == Phase.MAP ? saved.maps() : saved.reduces()).stream().filter(t -> t.state() == s).count();
                if (tasks.count(phase, s) != scanned || state != saved.state()) {
                    throw new AssertionError(phase + " " + s + ": census " + tasks.count(phase, s) + ", saved job " + scanned);
                }
            }
        }
    }

    private void step(TaskScheduler scheduler, MutableClock clock, List<TaskMessage> published) {
        // Mostly the recent attempts, sometimes any: late and duplicate reports are part of the game.
        int pick = random.nextInt(10) < 8
                ? Math.max(0, published.size() - 1 - random.nextInt(Math.min(published.size(), 2 * (maps + reduces))))
                : random.nextInt(published.size());
        TaskMessage t = published.get(pick);
        // Mostly the worker the broker would give this attempt to; sometimes another, as after a redelivery.
        String worker = "w-" + (random.nextInt(10) < 9 ? (t.taskNumber() + t.attempt()) % 4 : random.nextInt(4));
        Instant now = clock.instant();
        int roll = random.nextInt(10_000);
        if (roll < 3_500) {
            scheduler.on(new WorkerEvent.TaskStarted(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), worker, now));
        } else if (roll < 4_500) {
            // With a new status each time: a heartbeat that only moves a deadline is not saved (docs/job-state.md), so
            // the job as read back would differ from the live one in that deadline alone.
            scheduler.on(new WorkerEvent.TaskHeartbeat(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), worker, now,
                    "status " + random.nextInt(1_000_000)));
        } else if (roll < 9_300) {
            scheduler.on(new WorkerEvent.TaskCompleted(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), worker, now,
                    Map.of("map.input.records", (long) random.nextInt(1000), "custom." + random.nextInt(3), 1L)));
        } else if (roll < 9_650) {
            scheduler.on(new WorkerEvent.TaskFailed(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), worker, now,
                    "boom " + random.nextInt(100), "at Mapper.map"));
        } else if (roll < 9_850 && t.phase() == Phase.REDUCE && maps > 0) {
            scheduler.on(new WorkerEvent.TaskFailed(t.jobId(), t.phase(), t.taskNumber(), t.attempt(), worker, now,
                    "map output unreadable", "", List.of(random.nextInt(maps))));
        } else if (roll < 9_995) {
            clock.advance(TIMEOUT.plusSeconds(1));
            scheduler.sweep();
        } else {
            scheduler.cancel(JOB, "cancelled by the workload");
        }
    }

    private static final OutputCommitter NO_OUTPUT = new OutputCommitter() {
        @Override
        public void prepare(JobRecord job) {
        }

        @Override
        public void commit(JobRecord job) {
        }

        @Override
        public void abort(JobRecord job) {
        }

        @Override
        public boolean hasPart(JobSpec job, int reduce) {
            return false;
        }
    };

    /** Keeps nothing: a run against it only collects the states (a test may look at each save by overriding it). */
    public static class Discarding implements JobStore {
        @Override
        public void save(JobChange change, Supplier<JobRecord> whole) {
        }

        @Override
        public Optional<JobRecord> load(String jobId) {
            return Optional.empty();
        }

        @Override
        public List<JobRecord> loadAll() {
            return List.of();
        }

        @Override
        public void delete(String jobId) {
        }
    }

    /**
     * The process a crash test kills: runs the workload against a {@link FileJobStore} under {@code args[0]} that
     * writes snapshots in the background, and once the n-th save has returned, writes n into the file
     * {@link #SAVES_FILE} there (8 bytes, in place: the kernel keeps it whatever moment the process is killed at) and
     * prints {@code saved <n>} (for progress only: lines in a pipe from a killed process are not a count to rely on).
     * Arguments: storage root, seed, maps, reduces, least journal bytes before a snapshot.
     */
    public static void main(String[] args) throws IOException {
        StorageLayout layout = StorageLayout.under(Path.of(args[0]));
        long seed = Long.parseLong(args[1]);
        FileJobStore store = new FileJobStore(layout, Long.parseLong(args[4]), null);
        int[] saved = {0};
        ByteBuffer count = ByteBuffer.allocate(Long.BYTES);
        try (FileChannel saves = FileChannel.open(Path.of(args[0], SAVES_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            new SchedulerWorkload(seed, Integer.parseInt(args[2]), Integer.parseInt(args[3])).run(store, live -> {
                try {
                    saves.write(count.clear().putLong(++saved[0]).flip(), 0);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.out.println("saved " + saved[0]);
                System.out.flush();
            });
        }
        store.close();
        System.out.println("done");
    }

    /** Where {@link #main} keeps the number of saves that have returned. */
    static final String SAVES_FILE = "saves-returned";

    /** The number of saves that had returned when the process of {@link #main} under {@code storage} stopped. */
    static long savesReturned(Path storage) throws IOException {
        byte[] bytes = Files.readAllBytes(storage.resolve(SAVES_FILE));
        return bytes.length < Long.BYTES ? 0 : ByteBuffer.wrap(bytes).getLong();
    }
}
