package io.warren.coordinator.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramesTest {
    @TempDir
    Path dir;

    private static byte[] payload(int n) {
        return ("{\"record\":" + n + ",\"pad\":\"" + "x".repeat(n * 7 % 50) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A journal file of {@code n} frames. */
    private byte[] journal(int n) {
        ByteBuffer out = ByteBuffer.allocate(1 << 16).put(Frames.fileHeader(Frames.Magic.JOURNAL));
        for (int i = 0; i < n; i++) out.put(Frames.frame(payload(i)));
        return Arrays.copyOf(out.array(), out.position());
    }

    private record Scan(List<String> payloads, FrameReader.End end, long validEnd) {
    }

    private Scan scan(byte[] file) throws IOException {
        Path p = dir.resolve("f-" + System.nanoTime());
        Files.write(p, file);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            FrameReader reader = new FrameReader(ch, Frames.FILE_HEADER);
            List<String> payloads = new ArrayList<>();
            for (byte[] b; (b = reader.next()) != null; ) payloads.add(new String(b, StandardCharsets.UTF_8));
            return new Scan(payloads, reader.end(), reader.validEnd());
        }
    }

    @Test
    void framesReadBackInOrderAndEndCleanly() throws IOException {
        Scan s = scan(journal(5));
        assertThat(s.payloads()).containsExactly(IntStream.range(0, 5)
                .mapToObj(i -> new String(payload(i), StandardCharsets.UTF_8)).toArray(String[]::new));
        assertThat(s.end()).isEqualTo(FrameReader.End.CLEAN);
    }

    @Test
    void aFileCutAtAnyByteIsATornTailAfterTheLastWholeFrame() throws IOException {
        byte[] file = journal(4);
        long[] ends = {8, 0, 0, 0, 0};
        for (int i = 0; i < 4; i++) ends[i + 1] = ends[i] + Frames.FRAME_HEADER + payload(i).length;
        for (int cut = Frames.FILE_HEADER; cut <= file.length; cut++) {
            Scan s = scan(Arrays.copyOf(file, cut));
            int whole = 0;
            while (whole < 4 && ends[whole + 1] <= cut) whole++;
            assertThat(s.payloads()).as("cut at %d", cut).hasSize(whole);
            assertThat(s.validEnd()).isEqualTo(ends[whole]);
            assertThat(s.end()).isEqualTo(cut == ends[whole] ? FrameReader.End.CLEAN : FrameReader.End.TORN);
        }
    }

    @Test
    void zerosAfterTheLastFrameAreATornTail() throws IOException {
        // A file system may extend a file before the data that fills it reaches the disk.
        byte[] file = Arrays.copyOf(journal(3), journal(3).length + 300);
        Scan s = scan(file);
        assertThat(s.payloads()).hasSize(3);
        assertThat(s.end()).isEqualTo(FrameReader.End.TORN);
    }

    @Test
    void anyDamagedByteOfAFrameStopsTheReadThereAndIsDamageIfFramesFollowOrATornTailIfNot() throws IOException {
        byte[] file = journal(3);
        int secondStart = Frames.FILE_HEADER + Frames.FRAME_HEADER + payload(0).length;
        int thirdStart = secondStart + Frames.FRAME_HEADER + payload(1).length;
        Random random = new Random(7);
        for (int at = Frames.FILE_HEADER; at < file.length; at++) {
            byte[] damaged = file.clone();
            damaged[at] ^= (byte) (1 + random.nextInt(255));
            Scan s = scan(damaged);
            int frame = at < secondStart ? 0 : at < thirdStart ? 1 : 2;
            assertThat(s.payloads()).as("byte %d", at).hasSize(frame);
            assertThat(s.end()).as("byte %d", at).isEqualTo(frame < 2 ? FrameReader.End.DAMAGED : FrameReader.End.TORN);
        }
    }

    @Test
    void aFileOfAnotherKindOrANewerVersionIsRefusedWithTheReason() throws IOException {
        Path snapshot = dir.resolve("snap");
        Files.write(snapshot, Frames.fileHeader(Frames.Magic.SNAPSHOT).array());
        try (FileChannel ch = FileChannel.open(snapshot, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> Frames.checkFileHeader(ch, Frames.Magic.JOURNAL, snapshot))
                    .hasMessageContaining("is not a job journal file");
        }
        Path newer = dir.resolve("newer");
        Files.write(newer, ByteBuffer.allocate(8).put("WRNJ".getBytes(StandardCharsets.US_ASCII)).putInt(2).array());
        try (FileChannel ch = FileChannel.open(newer, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> Frames.checkFileHeader(ch, Frames.Magic.JOURNAL, newer))
                    .hasMessageContaining("format version 2").hasMessageContaining("reads version 1");
        }
    }
}
