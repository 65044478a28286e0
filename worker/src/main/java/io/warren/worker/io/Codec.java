package io.warren.worker.io;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/** How intermediate blocks are stored. The id is written in each file's header, so a reader needs no configuration. */
public enum Codec {
    NONE(0), LZ4(1);

    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    final int id;

    Codec(int id) {
        this.id = id;
    }

    static Codec byId(int id) {
        for (Codec c : values()) if (c.id == id) return c;
        return null;
    }

    int maxStored(int rawLength) {
        return this == NONE ? rawLength : FACTORY.fastCompressor().maxCompressedLength(rawLength);
    }

    /** @return the stored length, written into {@code out} */
    int compress(byte[] raw, int rawLength, byte[] out) {
        if (this == NONE) {
            System.arraycopy(raw, 0, out, 0, rawLength);
            return rawLength;
        }
        LZ4Compressor c = FACTORY.fastCompressor();
        return c.compress(raw, 0, rawLength, out, 0, out.length);
    }

    void decompress(byte[] stored, int storedLength, byte[] raw, int rawLength) {
        if (this == NONE) {
            System.arraycopy(stored, 0, raw, 0, rawLength);
            return;
        }
        // The safe decompressor is bounded by both lengths, and is the native one where the library's JNI code loads
        // (its "fast" decompressor is pure Java in every instance now, and took twice the CPU of compressing).
        LZ4SafeDecompressor d = FACTORY.safeDecompressor();
        int written = d.decompress(stored, 0, storedLength, raw, 0, rawLength);
        if (written != rawLength) throw new IllegalStateException("LZ4 block length mismatch");
    }
}
