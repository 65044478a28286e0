package io.warren.apps;

import io.warren.api.Emitter;
import io.warren.api.InvalidJobException;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Partitioner;
import io.warren.api.Reducer;

import java.util.Iterator;
import java.util.TreeSet;

/**
 * The {@code n} keys with the highest counts (parameter {@code n}, default 20) of lines {@code key count}, such as
 * {@code wordcount}'s output: the second step of "count the words, then take the top 20". Output lines are
 * {@code key count}, the highest count first, keys of equal count in key order.
 * <p>
 * It is a job keyed by count: the mapper turns {@code key count} around into (count, key), with the count written so
 * that the sorted order of keys is the descending order of counts, and one reducer reads the counts from the highest
 * down and stops after {@code n} keys. Every pair goes to reduce partition 0, so with more reduce tasks the others
 * write empty files and the answer is still in {@code mr-out-0}.
 */
public final class TopCount implements MapReduceJob {
    public static final int DEFAULT_N = 20;
    /** Counts are written as Long.MAX_VALUE minus the count, in this many digits, so the smallest key is the top. */
    private static final int DIGITS = 19;

    @Override
    public void validate(JobContext job) {
        n(job);
    }

    @Override
    public Mapper mapper(JobContext job) {
        return (document, line, out) -> {
            if (line.isBlank()) return;
            int space = line.lastIndexOf(' ');
            long count = space < 0 ? -1 : parse(line.substring(space + 1));
            if (count < 0) {
                throw new IllegalArgumentException("line " + quote(line) + " of " + document + " is not \"key count\""
                        + " with a whole number count >= 0; topcount reads the output of a counting job such as wordcount");
            }
            out.emit(sortKey(count), line.substring(0, space));
        };
    }

    @Override
    public Reducer reducer(JobContext job) {
        int n = n(job);
        return new Reducer() {
            private int emitted;

            @Override
            public void reduce(String key, Iterator<String> values, Emitter out) {
                int need = n - emitted;
                if (need <= 0) return; // the remaining counts are lower: nothing more to read
                // The smallest `need` keys of this count, so that ties are broken the same way on every run.
                TreeSet<String> first = new TreeSet<>();
                while (values.hasNext()) {
                    first.add(values.next());
                    if (first.size() > need) first.pollLast();
                }
                String count = Long.toString(Long.MAX_VALUE - Long.parseLong(key));
                for (String k : first) out.emit(k, count);
                emitted += first.size();
            }
        };
    }

    @Override
    public Partitioner partitioner(JobContext job) {
        return (key, reduceCount) -> 0;
    }

    static String sortKey(long count) {
        String inverted = Long.toString(Long.MAX_VALUE - count);
        return "0".repeat(DIGITS - inverted.length()) + inverted;
    }

    private static long parse(String digits) {
        if (digits.isEmpty() || digits.length() > DIGITS) return -1;
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return -1;
        }
        return Long.parseLong(digits);
    }

    private static int n(JobContext job) {
        String value = job.param("n").orElse(Integer.toString(DEFAULT_N));
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidJobException("parameter n must be a whole number >= 1 (how many keys to keep), got \"" + value + "\"");
    }

    private static String quote(String line) {
        return "\"" + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "\"";
    }
}
