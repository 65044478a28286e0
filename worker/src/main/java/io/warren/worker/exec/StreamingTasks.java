package io.warren.worker.exec;

import io.warren.api.Counters;
import io.warren.api.Grouping;
import io.warren.api.Partitioner;
import io.warren.api.Text;
import io.warren.protocol.InputSplit;
import io.warren.protocol.MapTask;
import io.warren.protocol.Printable;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.Streaming;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.InputLocation;
import io.warren.storage.JobDirectory;
import io.warren.worker.io.Merger;
import io.warren.worker.io.RunReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the tasks of streaming jobs (Hadoop Streaming's protocol). One process per task, started in a private working
 * directory under the worker's local dir that holds the job's shipped files, with the job's params as environment
 * variables. A map task's input lines go to the mapper's stdin, and each line of its stdout is split at the first tab
 * into key and value (no tab: the whole line is the key, the value empty), or after the job's {@code keyFields} fields
 * split at its {@code fieldSeparator}; then partitioned (by the key's first {@code partitionKeyFields} fields), sorted and (optionally)
 * combined like any map output. A reduce task's merged partition goes to the reducer's stdin as {@code key\tvalue}
 * lines in sorted key order, and the lines it writes are the output, as they are. Without a reducer, the sorted pairs
 * are the output, as {@code key\tvalue} lines.
 */
final class StreamingTasks {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingTasks.class);
    private static final AtomicLong RUNS = new AtomicLong();
    private final StorageLayout layout;
    private final String workerId;
    private final ExecSettings settings;
    private final ReduceRunner reduces;
    private final LiveProcesses live = new LiveProcesses();

    StreamingTasks(StorageLayout layout, String workerId, ExecSettings settings, ReduceRunner reduces) {
        this.layout = layout;
        this.workerId = workerId;
        this.settings = settings;
        this.reduces = reduces;
    }

    void run(TaskMessage task, Progress progress, Counters counters) throws Exception {
        Streaming streaming = task.job().streaming();
        JobEnded.unlessLive(layout, task.jobId());
        String taskId = task.phase().taskId(task.taskNumber());
        Path workDir = settings.localDir().resolve("streaming").resolve(taskId + "-" + task.attempt() + "-"
                + RUNS.incrementAndGet());
        // On a bucket root a worker keeps nothing on its disk but scratch: the stderr logs are written there, and kept
        // in the bucket with the job's record when the task ends (keepLogs).
        Path logDir = layout.isBucket() ? workDir.resolveSibling(workDir.getFileName() + ".stderr")
                : layout.taskLogDir(task.jobId());
        try {
            prepare(task, streaming, workDir);
            StreamingProcess.Launch launch = new StreamingProcess.Launch(workDir, environment(task, taskId),
                    logDir, taskId + "." + task.attempt() + "." + workerId, Thread.currentThread(),
                    4 * task.heartbeatMillis(), settings.maxRecordBytes(), progress, counters, live);
            if (task instanceof MapTask map) map(map, streaming, launch);
            else reduce((ReduceTask) task, streaming, launch);
        } finally {
            DurableFiles.deleteTree(workDir);
            if (layout.isBucket()) {
                keepLogs(task.jobId(), logDir);
                DurableFiles.deleteTree(logDir);
            }
        }
    }

    /**
     * Copies the stderr logs of a task's processes from the worker's scratch to the job's logs in the bucket. Best
     * effort: a log that cannot be kept is named in the worker's log, and the task's outcome stands.
     */
    private void keepLogs(String jobId, Path logDir) {
        if (!Files.isDirectory(logDir)) return;
        JobDirectory job = JobDirectory.of(layout, jobId);
        try (var logs = Files.list(logDir)) {
            for (Path log : logs.toList()) {
                try {
                    job.keepLog(log.getFileName().toString(), Files.readAllBytes(log));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("job={}: cannot keep the stderr log {} in {}: {}", jobId, log.getFileName(), job, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("job={}: cannot list the stderr logs in {}: {}", jobId, logDir, e.toString());
        }
    }

    /** Kills every process tree still running: the worker is closing. */
    void close() {
        live.killAll();
    }

    int running() {
        return live.size();
    }

    /** Copies the shipped files from the job's directory into the task's own working directory. */
    private void prepare(TaskMessage task, Streaming streaming, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        JobDirectory shipped = JobDirectory.of(layout, task.jobId());
        for (Streaming.ShippedFile f : streaming.files()) {
            Path to = workDir.resolve(f.name());
            if (!to.getParent().equals(workDir)) throw new IOException("shipped file name " + Printable.quote(f.name()) + " is not a plain name");
            Optional<byte[]> content = shipped.shippedFile(f.name());
            if (content.isEmpty()) {
                JobEnded.unlessLive(layout, task.jobId());
                throw new IOException("shipped file " + Printable.quote(f.name()) + " is missing from "
                        + shipped + " on the shared storage");
            }
            Files.write(to, content.get());
            if (f.isExecutable()) {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(to);
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    perms.add(PosixFilePermission.GROUP_EXECUTE);
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(to, perms);
                } catch (UnsupportedOperationException e) {
                    to.toFile().setExecutable(true, false);
                }
            }
        }
    }

    /**
     * The job's params, each under its name with every character other than a letter, digit or underscore made an
     * underscore (as Hadoop Streaming does with its job configuration), and Warren's own: the job, task and attempt,
     * the reduce partition, and for a map task the input file of its first split.
     */
    private static Map<String, String> environment(TaskMessage task, String taskId) {
        Map<String, String> env = new LinkedHashMap<>();
        task.job().params().forEach((k, v) -> env.put(envName(k), v));
        env.put("WARREN_JOB_ID", task.jobId());
        env.put("WARREN_TASK_ID", taskId);
        env.put("WARREN_TASK_ATTEMPT", Integer.toString(task.attempt()));
        env.put("mapreduce_task_partition", Integer.toString(task.taskNumber()));
        if (task instanceof MapTask map) {
            InputSplit first = map.splits().get(0);
            env.put("mapreduce_map_input_file", first.path());
            env.put("mapreduce_map_input_start", Long.toString(first.start()));
            env.put("mapreduce_map_input_length", Long.toString(first.length()));
            env.put("WARREN_INPUT_FILES", String.join("\n", map.splits().stream().map(InputSplit::path).distinct().toList()));
        }
        return env;
    }

    static String envName(String param) {
        StringBuilder s = new StringBuilder(param.length());
        for (int i = 0; i < param.length(); i++) {
            char c = param.charAt(i);
            s.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return s.toString();
    }

    private void map(MapTask task, Streaming streaming, StreamingProcess.Launch launch) throws Exception {
        int reduceCount = task.reduceCount();
        byte separator = (byte) streaming.separator();
        int keyFields = streaming.keyFieldCount();
        Partitions partitions = new Partitions(streaming.partitionFieldCount() < keyFields
                ? Partitioner.byGroup(Grouping.fields(streaming.partitionFieldCount(), streaming.separator()))
                : Partitioner.hash(), reduceCount);
        SortedPairs.Combine combine = streaming.hasCombiner()
                ? new StreamingCombine(partitions, () -> StreamingProcess.start("combiner", streaming.combiner(), launch),
                        launch.progress())
                : SortedPairs.Combine.NONE;
        MapBuffer buffer = new SortedPairs(partitions, settings.sortBufferBytes(), combine);
        MapOutput output = new MapOutput(buffer, reduceCount, settings, launch.counters(), launch.progress());
        try (StreamingProcess mapper = StreamingProcess.start("mapper", streaming.mapper(), launch)) {
            mapper.feed(stdin -> feedSplits(task, stdin, launch));
            PipeLines lines = mapper.stdout();
            while (lines.next()) {
                byte[] b = lines.buffer();
                int start = lines.start();
                int end = start + lines.length();
                int tab = lines.keyEnd(separator, keyFields); // no such separator: the whole line is the key
                if (tab < 0) output.add(b, start, end - start, b, end, 0);
                else output.add(b, start, tab - start, b, tab + 1, end - tab - 1);
            }
            mapper.finish();
        } catch (Exception | Error e) {
            output.discard(); // and with it any combiner still running
            throw e;
        }
        output.finish(IntermediateFiles.mapOutput(layout, task.jobId(), workerId, task.taskNumber(), reduceCount));
    }

    /** On the feeder thread: every line of the task's splits, each ended by a newline. */
    private void feedSplits(MapTask task, OutputStream stdin, StreamingProcess.Launch launch) throws IOException {
        long records = 0;
        long bytes = 0;
        try {
            for (InputSplit split : task.splits()) {
                InputLocation file = InputLocation.resolve(layout, split.path(), settings.confined());
                try (LineReader reader = LineReader.forTask(file, split.start(), split.length(), settings.maxRecordBytes())) {
                    for (Text line = reader.nextText(); line != null; line = reader.nextText()) {
                        stdin.write(line.array(), line.arrayOffset(), line.byteLength());
                        stdin.write('\n');
                        records++;
                        launch.progress().tick();
                    }
                    bytes += reader.bytesRead();
                }
            }
        } finally {
            launch.counters().increment(Counters.MAP_INPUT_RECORDS, records);
            launch.counters().increment(Counters.MAP_INPUT_BYTES, bytes);
        }
    }

    private void reduce(ReduceTask task, Streaming streaming, StreamingProcess.Launch launch) throws Exception {
        Counters counters = launch.counters();
        reduces.run(task, launch.progress(), counters, (merged, file) -> {
            OutputStream out = new BlockOutput(file, PipeLines.BLOCK);
            if (!streaming.hasReducer()) {
                long[] counts = new long[2];
                writePairs(merged, out, counts, launch.progress());
                counters.increment(Counters.REDUCE_INPUT_GROUPS, counts[0]);
                counters.increment(Counters.REDUCE_INPUT_RECORDS, counts[1]);
                counters.increment(Counters.REDUCE_OUTPUT_RECORDS, counts[1]);
                out.flush();
                return;
            }
            long outputLines = 0;
            long[] counts = new long[2];
            try (StreamingProcess reducer = StreamingProcess.start("reducer", streaming.reducer(), launch)) {
                reducer.feed(stdin -> writePairs(merged, stdin, counts, launch.progress()));
                PipeLines lines = reducer.stdout();
                while (lines.next()) {
                    out.write(lines.buffer(), lines.start(), lines.length());
                    out.write('\n');
                    outputLines++;
                    launch.progress().tick();
                }
                reducer.finish();
            }
            out.flush();
            counters.increment(Counters.REDUCE_INPUT_GROUPS, counts[0]);
            counters.increment(Counters.REDUCE_INPUT_RECORDS, counts[1]);
            counters.increment(Counters.REDUCE_OUTPUT_RECORDS, outputLines);
        });
    }

    /** The merged pairs as {@code key\tvalue} lines; counts keys into {@code counts[0]} and pairs into {@code counts[1]}. */
    private static void writePairs(Merger merged, OutputStream out, long[] counts, Progress progress) throws IOException {
        byte[] lastKey = new byte[64];
        int lastKeyLength = -1;
        while (merged.next()) {
            RunReader r = merged.current();
            byte[] b = r.buffer();
            int keyOff = r.keyOffset();
            int keyLen = r.keyLength();
            if (lastKeyLength != keyLen || !Arrays.equals(lastKey, 0, keyLen, b, keyOff, keyOff + keyLen)) {
                counts[0]++;
                if (lastKey.length < keyLen) lastKey = new byte[Math.max(keyLen, lastKey.length * 2)];
                System.arraycopy(b, keyOff, lastKey, 0, keyLen);
                lastKeyLength = keyLen;
            }
            out.write(b, keyOff, keyLen);
            out.write('\t');
            out.write(b, r.valueOffset(), r.valueLength());
            out.write('\n');
            counts[1]++;
            progress.tick();
        }
    }
}
