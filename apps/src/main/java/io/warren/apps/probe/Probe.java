package io.warren.apps.probe;

import io.warren.api.JobContext;
import io.warren.api.Mapper;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Word count with knobs for tests, in the spirit of the MapReduce lab's crash and job-count apps. Parameters:
 * <ul>
 *   <li>{@code mapDelayMillis}, {@code reduceDelayMillis}: sleep once per map or reduce task, so tasks overlap;</li>
 *   <li>{@code failMapOf}: throw from the mapper when the document's name contains this text;</li>
 *   <li>{@code failOnceOf}: throw from the first run of that document's map only, so its retry succeeds;</li>
 *   <li>{@code haltProbability}: halt the whole JVM (like SIGKILL) with this chance per record;</li>
 *   <li>{@code runsDir}: write one file per map task run into this directory, so a test can count runs;</li>
 *   <li>{@code haltOf}: halt the JVM whenever a map of a document whose name contains this text starts (a poison task);</li>
 *   <li>{@code slowOnceOf}, {@code slowMillis}: the first run of that document's map sleeps this long (a straggler);</li>
 *   <li>{@code spinOnceOf}: the first run of that document's map spins forever without progress (hung user code).</li>
 * </ul>
 * "First run" is decided with marker files in {@code onceDir}, shared by all workers.
 */
public final class Probe implements MapReduceJob {

    @Override
    public Mapper mapper(JobContext job) {
        long delay = Long.parseLong(job.param("mapDelayMillis").orElse("0"));
        String failOf = job.param("failMapOf").orElse(null);
        String failOnceOf = job.param("failOnceOf").orElse(null);
        double halt = Double.parseDouble(job.param("haltProbability").orElse("0"));
        String runsDir = job.param("runsDir").orElse(null);
        String haltOf = job.param("haltOf").orElse(null);
        String slowOnceOf = job.param("slowOnceOf").orElse(null);
        long slowMillis = Long.parseLong(job.param("slowMillis").orElse("0"));
        String spinOnceOf = job.param("spinOnceOf").orElse(null);
        String onceDir = job.param("onceDir").orElse(null);
        return new Mapper() {
            private boolean first = true;

            @Override
            public void map(String document, String line, io.warren.api.Emitter out) throws Exception {
                if (first) {
                    first = false;
                    if (runsDir != null) recordRun(Path.of(runsDir), document);
                    if (haltOf != null && document.contains(haltOf)) Runtime.getRuntime().halt(137);
                    if (slowOnceOf != null && document.contains(slowOnceOf) && firstTime(onceDir, "slow", document)) {
                        Thread.sleep(slowMillis);
                    }
                    if (spinOnceOf != null && document.contains(spinOnceOf) && firstTime(onceDir, "spin", document)) {
                        spinForever();
                    }
                    Thread.sleep(delay);
                    if (failOnceOf != null && document.contains(failOnceOf) && firstTime(onceDir, "fail", document)) {
                        throw new IllegalStateException("probe failure requested once for " + document);
                    }
                }
                if (failOf != null && document.contains(failOf)) {
                    throw new IllegalStateException("probe failure requested for " + document);
                }
                maybeHalt(halt);
                for (String word : line.split("[^\\p{L}]+")) {
                    if (!word.isEmpty()) out.emit(word, "1");
                }
            }
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        long delay = Long.parseLong(job.param("reduceDelayMillis").orElse("0"));
        double halt = Double.parseDouble(job.param("haltProbability").orElse("0"));
        return new Reducer() {
            private boolean first = true;

            @Override
            public void reduce(String key, java.util.Iterator<String> values, io.warren.api.Emitter out)
                    throws Exception {
                if (first) {
                    first = false;
                    Thread.sleep(delay);
                }
                maybeHalt(halt);
                long n = 0;
                while (values.hasNext()) n += Long.parseLong(values.next());
                out.emit(key, Long.toString(n));
            }
        };
    }

    private static void maybeHalt(double probability) {
        if (probability > 0 && ThreadLocalRandom.current().nextDouble() < probability) {
            Runtime.getRuntime().halt(137);
        }
    }

    private static volatile long sink;

    /** Busy, uninterruptible, and never emits or reads: what a bug in user code looks like. */
    private static void spinForever() {
        long x = 0;
        while (x >= 0) {
            x = (x * 31 + 7) & 0x3fffffffL;
            sink = x;
        }
    }

    private static boolean firstTime(String dir, String kind, String document) {
        if (dir == null) throw new IllegalArgumentException("the probe needs --param onceDir=... for " + kind);
        try {
            Files.createDirectories(Path.of(dir));
            Files.createFile(Path.of(dir, kind + "-" + document.replaceAll("[^A-Za-z0-9._-]", "_")));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void recordRun(Path dir, String document) {
        String pid = ManagementFactory.getRuntimeMXBean().getName();
        String name = document.replaceAll("[^A-Za-z0-9._-]", "_") + "." + pid.replaceAll("[^A-Za-z0-9]", "_")
                + "." + UUID.randomUUID();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
