package io.warren.worker.exec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockOutputTest {
    /** Records the size of every write it receives. */
    private static final class Recording extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();
        boolean flushed;
        boolean closed;

        @Override
        public void write(int b) {
            writes.add(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(len);
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void passesOnEveryByteInOrderInWholeBlocks() throws IOException {
        Random random = new Random(14);
        Recording target = new Recording();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (BlockOutput out = new BlockOutput(target, 64)) {
            for (int i = 0; i < 5_000; i++) {
                if (random.nextBoolean()) {
                    int b = random.nextInt(256);
                    out.write(b);
                    expected.write(b);
                } else {
                    byte[] chunk = new byte[random.nextInt(150)];
                    random.nextBytes(chunk);
                    int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
                    out.write(chunk, off, chunk.length - off);
                    expected.write(chunk, off, chunk.length - off);
                }
            }
        }
        assertThat(target.bytes.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(target.closed).isTrue();
        // Every write but the last (at close) is a whole block or more.
        assertThat(target.writes.subList(0, target.writes.size() - 1)).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(64));
        assertThat(target.writes.size()).isLessThanOrEqualTo(expected.size() / 64 + 1);
    }

    @Test
    void flushHandsOnWhatIsBufferedAndFlushesTheTarget() throws IOException {
        Recording target = new Recording();
        BlockOutput out = new BlockOutput(target, 1 << 10);
        out.write(new byte[]{'a', 'b'}, 0, 2);
        out.write('\n');
        assertThat(target.bytes.size()).isZero();
        out.flush();
        assertThat(target.bytes.toString()).isEqualTo("ab\n");
        assertThat(target.flushed).isTrue();
        assertThat(target.closed).isFalse();
    }

    @Test
    void rejectsARangeOutsideTheArray() {
        BlockOutput out = new BlockOutput(new Recording(), 16);
        assertThatThrownBy(() -> out.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
