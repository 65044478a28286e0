package io.warren.bench;

import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.OutputCommitter;
import io.warren.coordinator.domain.TaskScheduler;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Json;
import io.warren.protocol.Phase;
import io.warren.protocol.WorkerEvent;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the coordinator's group commit costs as a job grows: a real {@link TaskScheduler} saving into a real
 * {@link FileJobStore}, fed the events of N one-line map tasks (each started, then completed with counters) and
 * flushed every 20 tasks, as a busy coordinator does. For each N it prints the time of a flush (save, which appends and
 * syncs one journal record; publish; progress), the scheduler's time per event outside flushes, what one save cost
 * when every save rewrote the whole job record (timed at 95 % of the maps), and how long a restarted coordinator takes
 * to read the unfinished job back from its snapshot and journal. Snapshots are written in the background as in the
 * coordinator. The first N is run once unmeasured to warm the JIT.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.JournalBench 4000 40000</pre>
 * Files go to a temporary directory ({@code WARREN_BENCH_DIR} if set), deleted afterwards.
 */
public final class JournalBench {
    private static final int TASKS_PER_FLUSH = 20;
    private static final int REDUCES = 2;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[]{4_000, 40_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        String base = System.getenv("WARREN_BENCH_DIR");
        Path dir = base == null ? Files.createTempDirectory("warren-journal-bench")
                : Files.createTempDirectory(Files.createDirectories(Path.of(base)), "journal-");
        try {
            run(dir.resolve("warm-up"), sizes[0], false);
            System.out.printf("%8s %8s %10s %10s %10s %10s %12s %14s %14s %12s%n", "tasks", "flushes", "flush p50",
                    "flush p90", "flush p99", "flush max", "event (us)", "whole save", "record (MB)", "recovery");
            for (int n : sizes) run(dir.resolve("n-" + n), n, true);
        } finally {
            DurableFiles.deleteTree(dir);
        }
    }

    private static void run(Path root, int maps, boolean print) throws IOException {
        StorageLayout layout = StorageLayout.under(root);
        FileJobStore store = new FileJobStore(layout);
        TaskScheduler scheduler = new TaskScheduler(TaskScheduler.Settings.of(Duration.ofMinutes(10), 4, BackupPolicy.off()),
                Clock.systemUTC(), spec -> IntStream.range(0, maps).mapToObj(m -> List.of(InputSplit.wholeFile("in/" + m, 20))).toList(),
                tasks -> { }, store, NO_OUTPUT, update -> { }, answer -> { });
        String job = "bench-" + maps;
        List<String> inputs = IntStream.range(0, maps).mapToObj(m -> "in/" + m).toList();
        scheduler.submit(JobSpec.of(job, "wordcount", null, inputs, "out", REDUCES, Map.of()));
        scheduler.flush();

        int stopAt = maps * 95 / 100;
        long[] flushNanos = new long[stopAt / TASKS_PER_FLUSH + 1];
        int flushes = 0;
        long eventNanos = 0;
        for (int m = 0; m < stopAt; m++) {
            long start = System.nanoTime();
            scheduler.on(new WorkerEvent.TaskStarted(job, Phase.MAP, m, 1, "w-" + (m % 2), Instant.now()));
            scheduler.on(new WorkerEvent.TaskCompleted(job, Phase.MAP, m, 1, "w-" + (m % 2), Instant.now(),
                    Map.of("map.input.records", 1L, "map.input.bytes", 20L, "map.output.records", 3L)));
            eventNanos += System.nanoTime() - start;
            if ((m + 1) % TASKS_PER_FLUSH == 0 || m + 1 == stopAt) {
                long t = System.nanoTime();
                scheduler.flush();
                flushNanos[flushes++] = System.nanoTime() - t;
            }
        }
        JobRecord live = scheduler.activeJobs().get(0);
        store.close(); // waits for a snapshot being written, as a coordinator's orderly stop does
        long[] whole = new long[3];
        byte[] record = null;
        for (int i = 0; i < whole.length; i++) {
            // What each save cost before the journal: the whole record, encoded and written atomically.
            long t = System.nanoTime();
            record = Json.encode(scheduler.activeJobs().get(0));
            DurableFiles.writeAtomically(root.resolve("whole-" + i + ".json"), record);
            whole[i] = System.nanoTime() - t;
        }
        long t = System.nanoTime();
        List<JobRecord> recovered = new FileJobStore(layout).recover();
        long recovery = System.nanoTime() - t;
        if (!recovered.equals(List.of(live))) throw new IllegalStateException("the job read back differs from the live one");
        if (!print) return;
        long[] sorted = Arrays.copyOf(flushNanos, flushes);
        Arrays.sort(sorted);
        Arrays.sort(whole);
        System.out.printf("%8d %8d %10s %10s %10s %10s %12.1f %14s %14.1f %12s%n", maps, flushes, ms(pct(sorted, 50)),
                ms(pct(sorted, 90)), ms(pct(sorted, 99)), ms(sorted[flushes - 1]), eventNanos / 2.0 / stopAt / 1_000,
                ms(whole[1]), record.length / 1e6, ms(recovery));
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static String ms(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
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

    private JournalBench() {
    }
}
