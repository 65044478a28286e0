package io.warren.worker.io;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads a run written by {@link RunWriter}, one record at a time, verifying every block's checksum and the final
 * record count. The current record's bytes are views into an internal block buffer, valid until the next
 * {@link #next()}.
 */
public final class RunReader implements Closeable {
    private final DataInputStream in;
    private final String name;
    private final Codec codec;
    private final CRC32C crc = new CRC32C();
    private byte[] block = new byte[RunFormat.BLOCK_SIZE];
    private byte[] stored = new byte[0];
    private int blockLen;
    private int pos;
    private long records;
    private boolean ended;

    private int keyOff;
    private int keyLen;
    private int valOff;
    private int valLen;

    public RunReader(InputStream in, String name) throws IOException {
        this.in = new DataInputStream(in);
        this.name = name;
        byte[] magic = new byte[4];
        try {
            this.in.readFully(magic);
            if (!Arrays.equals(magic, RunFormat.MAGIC)) throw new CorruptRunException(name, "not an intermediate file");
            this.codec = Codec.byId(this.in.readUnsignedByte());
        } catch (EOFException e) {
            throw new CorruptRunException(name, "truncated header");
        }
        if (codec == null) throw new CorruptRunException(name, "unknown codec");
    }

    /** Moves to the next record; false at the end of the run. */
    public boolean next() throws IOException {
        while (pos >= blockLen) {
            if (ended || !readBlock()) return false;
        }
        keyLen = readVarint();
        keyOff = pos;
        pos += keyLen;
        valLen = readVarint();
        valOff = pos;
        pos += valLen;
        if (keyLen < 0 || valLen < 0 || pos > blockLen) throw new CorruptRunException(name, "record overruns its block");
        records++;
        return true;
    }

    private boolean readBlock() throws IOException {
        int rawLen;
        int storedLen;
        int expectedCrc;
        try {
            rawLen = in.readInt();
            storedLen = in.readInt();
            expectedCrc = in.readInt();
        } catch (EOFException e) {
            throw new CorruptRunException(name, "truncated: it ends without its end marker");
        }
        if (rawLen == RunFormat.END) {
            byte[] count = readStored(8, storedLen);
            check(count, 8, expectedCrc);
            long written = ByteBuffer.wrap(count).getLong();
            if (written != records) throw new CorruptRunException(name, "holds " + records + " records, its writer wrote " + written);
            ended = true;
            return false;
        }
        if (rawLen < 0 || storedLen < 0 || rawLen > 1 << 30 || storedLen > codec.maxStored(rawLen)
                || (codec == Codec.NONE && storedLen != rawLen)) {
            throw new CorruptRunException(name, "impossible block lengths " + rawLen + "/" + storedLen);
        }
        if (stored.length < storedLen) stored = new byte[storedLen];
        readFully(stored, storedLen);
        check(stored, storedLen, expectedCrc);
        if (block.length < rawLen) block = new byte[rawLen];
        try {
            codec.decompress(stored, storedLen, block, rawLen);
        } catch (RuntimeException e) {
            throw new CorruptRunException(name, "block does not decompress: " + e.getMessage());
        }
        blockLen = rawLen;
        pos = 0;
        return true;
    }

    private byte[] readStored(int expected, int storedLen) throws IOException {
        if (storedLen != expected) throw new CorruptRunException(name, "damaged end marker");
        byte[] b = new byte[expected];
        readFully(b, expected);
        return b;
    }

    private void readFully(byte[] b, int len) throws IOException {
        try {
            in.readFully(b, 0, len);
        } catch (EOFException e) {
            throw new CorruptRunException(name, "truncated inside a block");
        }
    }

    private void check(byte[] b, int len, int expected) throws CorruptRunException {
        crc.reset();
        crc.update(b, 0, len);
        if ((int) crc.getValue() != expected) throw new CorruptRunException(name, "checksum mismatch");
    }

    private int readVarint() throws CorruptRunException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (pos >= blockLen) throw new CorruptRunException(name, "record overruns its block");
            byte b = block[pos++];
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new CorruptRunException(name, "malformed length");
    }

    public byte[] buffer() {
        return block;
    }

    public int keyOffset() {
        return keyOff;
    }

    public int keyLength() {
        return keyLen;
    }

    public int valueOffset() {
        return valOff;
    }

    public int valueLength() {
        return valLen;
    }

    public String key() {
        return new String(block, keyOff, keyLen, StandardCharsets.UTF_8);
    }

    public String value() {
        return new String(block, valOff, valLen, StandardCharsets.UTF_8);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
