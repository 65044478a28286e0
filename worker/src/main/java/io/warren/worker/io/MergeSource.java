package io.warren.worker.io;

import java.io.IOException;

/** A {@link RunReader} in a k-way merge, remembering which input it is so errors and ties can name it. */
final class MergeSource {
    final RunReader reader;
    final int index;

    MergeSource(RunReader reader, int index) {
        this.reader = reader;
        this.index = index;
    }

    int compareTo(MergeSource other) {
        int c = java.util.Arrays.compareUnsigned(reader.buffer(), reader.keyOffset(), reader.keyOffset() + reader.keyLength(),
                other.reader.buffer(), other.reader.keyOffset(), other.reader.keyOffset() + other.reader.keyLength());
        return c != 0 ? c : Integer.compare(index, other.index);
    }

    boolean advance() throws IOException {
        return reader.next();
    }
}
