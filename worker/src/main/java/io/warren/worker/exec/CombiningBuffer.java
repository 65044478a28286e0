package io.warren.worker.exec;

import io.warren.api.Emitter;
import io.warren.api.Reducer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a map task's pairs per partition and key in a bounded amount of memory and runs the job's combiner over each
 * group whenever the buffer fills, and once at the end. The combiner must emit the key it was given, so its output
 * stays in the partition the key was routed to.
 */
final class CombiningBuffer {
    private static final long ENTRY_OVERHEAD = 64;

    interface PartitionSink {
        void write(int partition, String key, String value);
    }

    private final Reducer combiner;
    private final PartitionSink sink;
    private final long limitBytes;
    private final List<Map<String, List<String>>> partitions;
    private long bytes;

    CombiningBuffer(Reducer combiner, int partitionCount, long limitBytes, PartitionSink sink) {
        this.combiner = combiner;
        this.sink = sink;
        this.limitBytes = limitBytes;
        this.partitions = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) partitions.add(new HashMap<>());
    }

    void add(int partition, String key, String value) throws Exception {
        List<String> values = partitions.get(partition).get(key);
        if (values == null) {
            values = new ArrayList<>(4);
            partitions.get(partition).put(key, values);
            bytes += ENTRY_OVERHEAD + 2L * key.length();
        }
        values.add(value);
        bytes += 16 + 2L * value.length();
        if (bytes >= limitBytes) flush();
    }

    void flush() throws Exception {
        for (int p = 0; p < partitions.size(); p++) {
            Map<String, List<String>> groups = partitions.get(p);
            int partition = p;
            for (Map.Entry<String, List<String>> group : groups.entrySet()) {
                String key = group.getKey();
                Emitter out = (k, v) -> {
                    if (!key.equals(k)) {
                        throw new IllegalStateException("the combiner emitted key '" + k + "' for key '" + key
                                + "'; a combiner must emit the key it was given");
                    }
                    sink.write(partition, k, v);
                };
                combiner.reduce(key, group.getValue().iterator(), out);
            }
            groups.clear();
        }
        bytes = 0;
    }
}
