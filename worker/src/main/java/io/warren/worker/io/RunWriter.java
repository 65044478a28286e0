package io.warren.worker.io;

import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Writes one sorted run in the {@link RunFormat}. Records must arrive in the order they should be read. */
public final class RunWriter implements Closeable {
    private final DataOutputStream out;
    private final Codec codec;
    private final CRC32C crc = new CRC32C();
    private byte[] block = new byte[RunFormat.BLOCK_SIZE];
    private byte[] stored = new byte[0];
    private int used;
    private long records;
    private boolean finished;

    public RunWriter(OutputStream out, Codec codec) throws IOException {
        this.out = new DataOutputStream(out);
        this.codec = codec;
        this.out.write(RunFormat.MAGIC);
        this.out.writeByte(codec.id);
    }

    public void write(String key, String value) throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        write(k, 0, k.length, v, 0, v.length);
    }

    public void write(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException {
        int size = RunFormat.varintSize(keyLen) + keyLen + RunFormat.varintSize(valLen) + valLen;
        if (used + size > block.length) {
            if (used > 0) flushBlock();
            if (size > block.length) block = new byte[size]; // one oversized record gets a block of its own
        }
        int pos = RunFormat.putVarint(block, used, keyLen);
        copy(key, keyOff, pos, keyLen);
        pos = RunFormat.putVarint(block, pos + keyLen, valLen);
        copy(value, valOff, pos, valLen);
        used = pos + valLen;
        records++;
    }

    /** Short keys and values, the common case, are copied by a loop: cheaper than arraycopy's set-up. */
    private void copy(byte[] from, int off, int to, int len) {
        if (len > 16) {
            System.arraycopy(from, off, block, to, len);
            return;
        }
        for (int i = 0; i < len; i++) block[to + i] = from[off + i];
    }

    private void flushBlock() throws IOException {
        int max = codec.maxStored(used);
        if (stored.length < max) stored = new byte[max];
        int storedLen = codec.compress(block, used, stored);
        crc.reset();
        crc.update(stored, 0, storedLen);
        out.writeInt(used);
        out.writeInt(storedLen);
        out.writeInt((int) crc.getValue());
        out.write(stored, 0, storedLen);
        used = 0;
        if (block.length > RunFormat.BLOCK_SIZE) block = new byte[RunFormat.BLOCK_SIZE];
    }

    /** Writes the last block and the end marker; the run is complete only after this. */
    public void finish() throws IOException {
        if (finished) return;
        if (used > 0) flushBlock();
        byte[] count = ByteBuffer.allocate(8).putLong(records).array();
        crc.reset();
        crc.update(count);
        out.writeInt(RunFormat.END);
        out.writeInt(8);
        out.writeInt((int) crc.getValue());
        out.write(count);
        out.flush();
        finished = true;
    }

    public long records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public String toString() {
        return "RunWriter" + Arrays.asList(codec, records);
    }
}
