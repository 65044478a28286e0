package io.warren.protocol.storage;

import io.warren.protocol.WorkerIds;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that builds and parses file names, so coordinator and workers always agree on them.
 * <ul>
 *   <li>{@code <workerId>-<mapTask>-<reduceTask>}: a map attempt's output for one partition, in the job's single
 *       intermediate directory. The worker prefix keeps concurrent attempts of the same map task apart; the coordinator
 *       derives the names from the winning worker's id, so they are never sent around.</li>
 *   <li>{@code mr-out-<reduceTask>}: a committed reduce output in the job's output directory; {@code .gz} or
 *       {@code .zst} follows when the job asked for compressed output.</li>
 *   <li>{@code _SUCCESS}: written last into the output directory, once every partition is committed.</li>
 *   <li>Names starting with {@code .} and ending in {@code .tmp} are in-progress files, never read as data.</li>
 * </ul>
 */
public final class FileNames {
    public static final String SUCCESS = "_SUCCESS";
    public static final String OUTPUT_PREFIX = "mr-out-";
    /** In a total-order job's intermediate directory: the split points of its range partitions, published once. */
    public static final String SPLIT_POINTS = "_split-points";
    private static final Pattern INTERMEDIATE = Pattern.compile("(.+)-(\\d+)-(\\d+)");

    public static String intermediate(String workerId, int mapTask, int reduceTask) {
        WorkerIds.check(workerId);
        if (mapTask < 0 || reduceTask < 0) throw new IllegalArgumentException("task numbers must be >= 0");
        return workerId + "-" + mapTask + "-" + reduceTask;
    }

    /** The worker id, map task and reduce task encoded in an intermediate file's name, if it is one. */
    public static Optional<Intermediate> parseIntermediate(String name) {
        Matcher m = INTERMEDIATE.matcher(name);
        if (!m.matches()) return Optional.empty();
        try {
            return Optional.of(new Intermediate(WorkerIds.check(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String output(int reduceTask) {
        if (reduceTask < 0) throw new IllegalArgumentException("reduce task must be >= 0");
        return OUTPUT_PREFIX + reduceTask;
    }

    /** The name of reduce {@code reduceTask}'s output written with {@code compression}: {@code mr-out-3.gz}. */
    public static String output(int reduceTask, Compression compression) {
        return output(reduceTask) + compression.extension();
    }

    /** Whether {@code name} is a committed reduce output, plain or compressed. */
    public static boolean isOutput(String name) {
        String plain = name.substring(0, name.length() - Compression.of(name).extension().length());
        return plain.startsWith(OUTPUT_PREFIX) && plain.substring(OUTPUT_PREFIX.length()).matches("\\d+");
    }

    /** Prefix of a temporary file that will become {@code finalName}; a unique suffix is added by the creator. */
    public static String tempPrefix(String finalName) {
        return "." + finalName + ".";
    }

    public static final String TEMP_SUFFIX = ".tmp";

    public static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    public record Intermediate(String workerId, int mapTask, int reduceTask) {
    }

    private FileNames() {
    }
}
