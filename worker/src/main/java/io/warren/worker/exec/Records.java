package io.warren.worker.exec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The intermediate record format: per pair, the key's and the value's UTF-8 bytes, each preceded by its length as an
 * int. Length-prefixed, so keys and values may contain any character, newlines and tabs included.
 */
final class Records {

    static void write(DataOutputStream out, String key, String value) throws IOException {
        writeString(out, key);
        writeString(out, value);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** The next string, or null at a clean end of file; a truncated record is an {@link EOFException}. */
    static String readString(DataInputStream in, boolean atRecordStart) throws IOException {
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            if (atRecordStart) return null;
            throw e;
        }
        if (len < 0) throw new IOException("corrupt intermediate record: negative length " + len);
        byte[] bytes = in.readNBytes(len);
        if (bytes.length != len) throw new EOFException("intermediate record truncated");
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Records() {
    }
}
