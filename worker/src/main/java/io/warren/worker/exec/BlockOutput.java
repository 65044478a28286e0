package io.warren.worker.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A buffered stream for one writing thread, which hands its target whole blocks (or more), and a partial one only
 * when flushed or closed. Unlike
 * {@link java.io.BufferedOutputStream}, whose every call takes a lock, it is not synchronized: a streaming task writes
 * a tab and a newline per record, hundreds of millions of single bytes per job, and the lock was the largest cost
 * in a worker feeding a process's stdin.
 */
final class BlockOutput extends OutputStream {
    private final OutputStream target;
    private final byte[] block;
    private int used;

    BlockOutput(OutputStream target, int blockBytes) {
        this.target = Objects.requireNonNull(target);
        this.block = new byte[blockBytes];
    }

    @Override
    public void write(int b) throws IOException {
        if (used == block.length) drain();
        block[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (used > 0) { // top up the block first, so the target gets whole blocks only
            int n = Math.min(len, block.length - used);
            System.arraycopy(b, off, block, used, n);
            used += n;
            off += n;
            len -= n;
            if (used < block.length) return;
            drain();
        }
        if (len >= block.length) {
            target.write(b, off, len);
        } else {
            System.arraycopy(b, off, block, 0, len);
            used = len;
        }
    }

    private void drain() throws IOException {
        if (used > 0) {
            target.write(block, 0, used);
            used = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        target.flush();
    }

    /** Flushes, then closes the target. */
    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            target.close();
        }
    }
}
