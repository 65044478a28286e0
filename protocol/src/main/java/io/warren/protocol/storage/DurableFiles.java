package io.warren.protocol.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Write-then-rename, the way the design asks for: data goes to a temporary file in the target's directory, is fsynced,
 * then becomes visible under its final name in one atomic step, and the directory is fsynced so the name survives a
 * crash too. Readers therefore see a whole file or none. Atomic on a local POSIX file system and on NFS; not on object
 * stores mounted as file systems.
 */
public final class DurableFiles {

    /** A new, uniquely named temporary file beside {@code target}, for an attempt to fill; creates the directory. */
    public static Path tempFileFor(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return tempFileIn(target);
    }

    /**
     * As {@link #tempFileFor} but only in a directory that exists: a job's intermediate directory is removed when the
     * job ends, and a late attempt must fail rather than bring it back.
     */
    public static Path tempFileIn(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), FileNames.tempPrefix(target.getFileName().toString()),
                FileNames.TEMP_SUFFIX);
    }

    /**
     * A new temporary file beside {@code target} (whose directory must exist), created and opened for writing in one
     * system call: a writer that forces it through this channel needs no second open to fsync it, which counts for
     * tasks that write many small files.
     */
    public static Temp openTemp(Path target) throws IOException {
        String prefix = FileNames.tempPrefix(target.getFileName().toString());
        for (int tries = 0; ; tries++) {
            Path path = target.resolveSibling(prefix + Long.toUnsignedString(
                    java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + FileNames.TEMP_SUFFIX);
            try {
                return new Temp(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                if (tries == 10) throw e;
            }
        }
    }

    /** A temporary file and the channel it was created with. */
    public record Temp(Path path, FileChannel channel) {
    }

    /** Atomically replaces {@code target} with the fsynced {@code temp}. For files only this writer names. */
    public static void replace(Path temp, Path target) throws IOException {
        replaceAll(java.util.List.of(temp), java.util.List.of(target));
    }

    /**
     * As {@link #replace} for several files at once ({@code temps.get(i)} becomes {@code targets.get(i)}): every file is
     * fsynced and renamed, then each directory is fsynced once, not once per file. Every target is durable when this
     * returns; after a crash before that, some may be.
     */
    public static void replaceAll(java.util.List<Path> temps, java.util.List<Path> targets) throws IOException {
        if (temps.size() != targets.size()) throw new IllegalArgumentException("temps and targets differ in number");
        for (Path temp : temps) fsync(temp);
        moveIntoPlace(temps, targets);
    }

    /**
     * As {@link #replaceAll} for temporary files their writer has already forced to disk (see {@link #openTemp}):
     * renames each into place, then fsyncs each directory once.
     */
    public static void moveIntoPlace(java.util.List<Path> temps, java.util.List<Path> targets) throws IOException {
        if (temps.size() != targets.size()) throw new IllegalArgumentException("temps and targets differ in number");
        java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
        for (int i = 0; i < temps.size(); i++) {
            Path target = targets.get(i);
            try {
                Files.move(temps.get(i), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("storage does not support atomic rename (" + target.getParent() + "); Warren needs"
                        + " a POSIX file system such as local disk or NFS", e);
            }
            dirs.add(target.getParent());
        }
        for (Path dir : dirs) fsyncDirectory(dir);
    }

    /**
     * Atomically gives {@code temp} the name {@code target} unless that name exists already, in which case the first
     * committer keeps it and {@code temp} is deleted. A hard link is the POSIX primitive for "rename, but never
     * replace"; a plain rename would let a late duplicate attempt overwrite output a job has already reported.
     *
     * @return true if this call committed the file, false if another commit had won
     */
    public static boolean commitOnce(Path temp, Path target) throws IOException {
        fsync(temp);
        boolean won;
        try {
            Files.createLink(target, temp);
            won = true;
        } catch (FileAlreadyExistsException e) {
            won = false;
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(target.getParent());
        return won;
    }

    /** Writes small content (a marker, a state file) durably under {@code target}, replacing what was there. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = tempFileFor(target);
        try {
            Files.write(temp, content);
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories for fsync; the rename itself is still atomic there.
            if (!Files.isDirectory(dir)) throw e;
        }
    }

    /** Deletes a directory tree; missing is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        // A file may vanish while the tree is walked (a worker renaming its temporary file into place): that is one
        // less to delete, not a failure. A file that appears meanwhile leaves its directory not empty, which is one.
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                    throws IOException {
                Files.deleteIfExists(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) return java.nio.file.FileVisitResult.CONTINUE;
                throw e;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) throw e;
                Files.deleteIfExists(d);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    private DurableFiles() {
    }
}
