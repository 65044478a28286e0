package io.warren.worker.io;

import java.io.IOException;
import java.util.Arrays;

/**
 * A {@link RunReader} in a k-way merge, remembering which input it is so errors and ties can name it. It keeps the
 * current key's {@link PrefixSort#prefix prefix}, so most comparisons in the merge's heap compare two longs.
 */
final class MergeSource {
    final RunReader reader;
    final int index;
    private long prefix;

    MergeSource(RunReader reader, int index) {
        this.reader = reader;
        this.index = index;
    }

    int compareTo(MergeSource other) {
        int c = Long.compareUnsigned(prefix, other.prefix);
        if (c == 0 && (prefix & 0xff) == 0xff) { // both keys longer than the prefix: compare them in full
            c = Arrays.compareUnsigned(reader.buffer(), reader.keyOffset(), reader.keyOffset() + reader.keyLength(),
                    other.reader.buffer(), other.reader.keyOffset(), other.reader.keyOffset() + other.reader.keyLength());
        }
        return c != 0 ? c : Integer.compare(index, other.index);
    }

    boolean advance() throws IOException {
        if (!reader.next()) return false;
        prefix = PrefixSort.prefix(reader.buffer(), reader.keyOffset(), reader.keyLength());
        return true;
    }
}
