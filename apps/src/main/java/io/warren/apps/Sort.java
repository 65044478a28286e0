package io.warren.apps;

import io.warren.api.Emitter;
import io.warren.api.InvalidJobException;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Reducer;
import io.warren.api.Text;

/**
 * Sorts lines by their first {@code key-bytes} bytes (default: the whole line) in byte order, as {@code LC_ALL=C sort}
 * does; lines with equal keys come in any order. The output is the lines themselves. Run it with {@code --total-order}
 * for one sorted sequence across {@code mr-out-0} ... {@code mr-out-(R-1)}; gensort-style 100-byte records sort with
 * {@code --param key-bytes=10}. Its reduce treats each line on its own, so a hot key may span reduces.
 */
public final class Sort implements MapReduceJob {
    public static final String KEY_BYTES = "key-bytes";

    @Override
    public Mapper mapper(JobContext job) {
        int keyBytes = keyBytes(job);
        return new Mapper() {
            private final Text key = new Text(new byte[0], 0, 0);
            private final Text rest = new Text(new byte[0], 0, 0);

            @Override
            public void map(String document, String line, Emitter out) {
                map(document, Text.of(line), out);
            }

            @Override
            public void map(String document, Text line, Emitter out) {
                int n = Math.min(keyBytes, line.byteLength());
                int from = line.arrayOffset();
                out.emit(key.set(line.array(), from, n), rest.set(line.array(), from + n, line.byteLength() - n));
            }
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (key, values, out) -> {
            while (values.hasNext()) out.emitRecord(key + values.next());
        };
    }

    @Override
    public boolean keysMaySpanReduces() {
        return true;
    }

    @Override
    public void validate(JobContext job) {
        keyBytes(job);
    }

    private static int keyBytes(JobContext job) {
        String value = job.param(KEY_BYTES).orElse(null);
        if (value == null) return Integer.MAX_VALUE;
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidJobException("parameter '" + KEY_BYTES + "' must be a whole number of bytes >= 1, got '" + value + "'");
    }
}
