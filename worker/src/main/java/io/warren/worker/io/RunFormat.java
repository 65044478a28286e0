package io.warren.worker.io;

/**
 * The intermediate file format, a sorted run of key/value records:
 * <pre>
 *   header   "WRN1" (4 bytes), codec id (1 byte)
 *   block*   raw length (int), stored length (int), CRC32C of the stored bytes (int), stored bytes
 *   end      -1 (int), 8 (int), CRC32C of the count (int), record count (long)
 * </pre>
 * A block's raw bytes hold whole records, each {@code varint keyLength, key, varint valueLength, value} in UTF-8.
 * Every block is checksummed and the end marker carries the record count, so a corrupted or truncated file is always
 * detected and never read as data.
 */
final class RunFormat {
    static final byte[] MAGIC = {'W', 'R', 'N', '1'};
    static final int BLOCK_SIZE = 64 * 1024;
    static final int END = -1;

    static int putVarint(byte[] buf, int pos, int value) {
        while ((value & ~0x7f) != 0) {
            buf[pos++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }

    static int varintSize(int value) {
        int n = 1;
        while ((value & ~0x7f) != 0) {
            n++;
            value >>>= 7;
        }
        return n;
    }

    private RunFormat() {
    }
}
