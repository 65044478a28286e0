package io.warren.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A stream (an S3 object's body, a decompressor) read as a channel straight into the caller's heap buffer: the JDK's
 * stream-to-channel adapter copies through a buffer of its own in 8 KiB steps.
 */
public final class StreamChannel implements ReadableByteChannel {
    private final InputStream in;
    private boolean open = true;

    public StreamChannel(InputStream in) {
        this.in = in;
    }

    /** Skips {@code n} bytes, or to the end of the stream if it is shorter. */
    public void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) return;
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) return 0;
        if (!dst.hasArray()) {
            byte[] chunk = new byte[Math.min(dst.remaining(), 1 << 16)];
            int n = in.read(chunk);
            if (n > 0) dst.put(chunk, 0, n);
            return n;
        }
        int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) dst.position(dst.position() + n);
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        in.close();
    }
}
