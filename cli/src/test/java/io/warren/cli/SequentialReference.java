package io.warren.cli;

import io.warren.api.InputMode;
import io.warren.api.MapReduceJob;
import io.warren.api.Reducer;
import io.warren.protocol.apps.AppContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The straightforward computation Warren's output is compared with, like the MapReduce lab's mrsequential: one
 * process, every input in turn, everything in memory, one sorted group per key.
 */
final class SequentialReference {

    /** @param documents document name (as Warren names it) to file */
    static List<String> run(MapReduceJob job, Map<String, String> params, Map<String, Path> documents) throws Exception {
        AppContext context = new AppContext("reference", params);
        var mapper = job.mapper(context);
        TreeMap<String, List<String>> groups = new TreeMap<>();
        for (var doc : documents.entrySet()) {
            String text = new String(Files.readAllBytes(doc.getValue()), StandardCharsets.UTF_8);
            List<String> records = job.input() == InputMode.WHOLE_FILE ? List.of(text) : lines(text);
            for (String record : records) {
                mapper.map(doc.getKey(), record, (k, v) -> groups.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
        }
        Reducer reducer = job.reducer(context);
        List<String> out = new ArrayList<>();
        for (var group : groups.entrySet()) {
            reducer.reduce(group.getKey(), group.getValue().iterator(), (k, v) -> out.add(k + " " + v));
        }
        out.sort(null);
        return out;
    }

    /**
     * What a correct run must count, whatever faults it met: input records and bytes, map output records, and the
     * reduce groups and output lines of the reference output.
     */
    static Map<String, Long> expectedCounters(MapReduceJob job, Map<String, String> params, Map<String, Path> documents)
            throws Exception {
        AppContext context = new AppContext("reference", params);
        var mapper = job.mapper(context);
        long records = 0;
        long bytes = 0;
        long[] emitted = {0};
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (var doc : documents.entrySet()) {
            byte[] raw = Files.readAllBytes(doc.getValue());
            bytes += raw.length;
            for (String line : lines(new String(raw, StandardCharsets.UTF_8))) {
                records++;
                mapper.map(doc.getKey(), line, (k, v) -> {
                    emitted[0]++;
                    keys.add(k);
                });
            }
        }
        return Map.of("map.input.records", records, "map.input.bytes", bytes, "map.output.records", emitted[0],
                "reduce.input.groups", (long) keys.size(), "reduce.output.records", (long) run(job, params, documents).size());
    }

    static List<String> lines(String text) {
        if (text.isEmpty()) return List.of();
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (text.endsWith("\n")) lines.remove(lines.size() - 1);
        lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        return lines;
    }

    /** Every line of every {@code mr-out-*} file in the directory, sorted. */
    static List<String> output(Path dir) throws Exception {
        List<String> all = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("mr-out-")).toList()) {
                all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        all.sort(null);
        return all;
    }

    private SequentialReference() {
    }
}
