package io.warren.bench;

import io.warren.coordinator.domain.JobChange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.domain.TaskRecord;
import io.warren.coordinator.domain.TaskState;
import io.warren.coordinator.storage.FileJobPlanner;
import io.warren.coordinator.storage.FileJobStore;
import io.warren.protocol.InputSplit;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.Phase;
import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The coordinator's part of admitting a job of N one-line files, without the broker: planning it (listing and checking
 * the files, splitting) with the real {@link FileJobPlanner}, and its first save (the job's directory and snapshot,
 * synced) with the real {@link FileJobStore}. Prints the median CPU time of the calling thread and the median wall
 * time over 40 runs after 20 unmeasured ones, so that a figure taken on a busy machine still says what the work costs.
 * Publishing the tasks, the rest of an admission, needs the broker: {@code bench/bigjob.sh} times all of it.
 * <pre>java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.AdmissionBench 1000</pre>
 * Files go to a temporary directory ({@code WARREN_BENCH_DIR} if set), deleted afterwards.
 */
public final class AdmissionBench {
    private static final int WARM_UP = 20;
    private static final int MEASURED = 40;

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String base = System.getenv("WARREN_BENCH_DIR");
        Path root = base == null ? Files.createTempDirectory("admission-bench")
                : Files.createTempDirectory(Files.createDirectories(Path.of(base)), "admission-bench");
        try {
            run(root, files);
        } finally {
            DurableFiles.deleteTree(root);
        }
    }

    private static void run(Path root, int files) throws Exception {
        int width = String.valueOf(files).length();
        Files.createDirectories(root.resolve("few"));
        for (int i = 1; i <= files; i++) {
            Files.writeString(root.resolve("few").resolve(String.format("%0" + width + "d.txt", i)),
                    String.format("tiny file %0" + width + "d%n", i));
        }
        long size = Files.size(root.resolve("few").resolve(String.format("%0" + width + "d.txt", 1)));
        StorageLayout layout = StorageLayout.under(root);
        FileJobPlanner planner = new FileJobPlanner(layout, new AppCatalog(layout), true, size);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] plan = new long[2][MEASURED];
        long[][] save = new long[2][MEASURED];
        for (int run = 0; run < WARM_UP + MEASURED; run++) {
            JobSpec spec = JobSpec.of("admission-" + run, "wordcount", null, List.of("few"), "out/" + run, 2, Map.of());
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            List<List<InputSplit>> tasks = planner.plan(spec);
            long cpu1 = threads.getCurrentThreadCpuTime();
            long wall1 = System.nanoTime();
            if (tasks.size() != files) throw new IllegalStateException(files + " tasks expected, got " + tasks.size());
            JobRecord job = firstRecord(spec, tasks);
            FileJobStore store = new FileJobStore(StorageLayout.under(root.resolve("saves")));
            long cpu2 = threads.getCurrentThreadCpuTime();
            long wall2 = System.nanoTime();
            store.save(new JobChange(job.jobId(), job.state(), null, null, null, job.maps(), List.of()), () -> job);
            long cpu3 = threads.getCurrentThreadCpuTime();
            long wall3 = System.nanoTime();
            store.close();
            if (run >= WARM_UP) {
                int i = run - WARM_UP;
                plan[0][i] = cpu1 - cpu0;
                plan[1][i] = wall1 - wall0;
                save[0][i] = cpu3 - cpu2;
                save[1][i] = wall3 - wall2;
            }
        }
        print("planning", files, plan);
        print("first save", files, save);
    }

    /** The job as the scheduler first saves it: every map dispatched (attempt 1 queued), the reduces waiting. */
    private static JobRecord firstRecord(JobSpec spec, List<List<InputSplit>> inputs) {
        Instant now = Instant.now();
        List<TaskRecord> maps = new ArrayList<>();
        for (int m = 0; m < inputs.size(); m++) {
            maps.add(new TaskRecord(Phase.MAP, m, TaskState.DISPATCHED, 1, List.of(1), 0, now, null, null, null, null,
                    List.of(), List.of(), Map.of()));
        }
        List<TaskRecord> reduces = new ArrayList<>();
        for (int r = 0; r < spec.reduceCount(); r++) {
            reduces.add(new TaskRecord(Phase.REDUCE, r, TaskState.PENDING, 0, List.of(), 0, null, null, null, null,
                    null, List.of(), List.of(), Map.of()));
        }
        return new JobRecord(spec.jobId(), spec, JobState.MAPPING, now, null, null, null, inputs, maps, reduces);
    }

    private static void print(String what, int files, long[][] nanos) {
        System.out.printf(Locale.ROOT, "%s of a job of %,d files: median %.1f ms CPU, %.1f ms wall (%d runs)%n", what,
                files, median(nanos[0]) / 1e6, median(nanos[1]) / 1e6, nanos[0].length);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private AdmissionBench() {
    }
}
