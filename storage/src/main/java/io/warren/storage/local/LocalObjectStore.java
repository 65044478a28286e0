package io.warren.storage.local;

import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.FileNames;
import io.warren.storage.Keys;
import io.warren.storage.ObjectStore;
import io.warren.storage.PendingObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The storage port on a POSIX directory (local disk or NFS), built on {@link DurableFiles}: a new object is a
 * temporary file beside its key, fsynced, then renamed into place (or hard-linked, for a create-only commit). Keys are
 * paths under {@code root}; temporary files are never listed.
 */
public final class LocalObjectStore implements ObjectStore {
    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file of {@code key}. */
    public Path path(String key) {
        return Keys.check(key).isEmpty() ? root : root.resolve(key);
    }

    @Override
    public String uri(String key) {
        return path(key).toString();
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        Keys.check(prefix);
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) return List.of();
        List<StoredObject> found = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (FileNames.isTemporary(file.getFileName().toString())) return FileVisitResult.CONTINUE;
                String key = key(file);
                if (!key.startsWith(prefix)) return FileVisitResult.CONTINUE;
                if (attrs.isRegularFile()) {
                    found.add(new StoredObject(key, attrs.size()));
                } else if (attrs.isSymbolicLink() && Files.isRegularFile(file)) {
                    found.add(new StoredObject(key, sizeOf(file)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE; // deleted while listing
                throw e;
            }
        });
        found.sort(Comparator.comparing(StoredObject::key));
        return found;
    }

    private String key(Path file) {
        String relative = root.relativize(file).toString();
        return file.getFileSystem().getSeparator().equals("/") ? relative : relative.replace(file.getFileSystem().getSeparator(), "/");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        Path file = path(key);
        return Files.isRegularFile(file) ? Optional.of(Files.size(file)) : Optional.empty();
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
        channel.position(offset);
        InputStream in = Channels.newInputStream(channel);
        return length < 0 ? in : new RangeInputStream(in, length);
    }

    @Override
    public ReadableByteChannel channel(String key, long offset) throws IOException {
        FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
        channel.position(offset);
        return channel;
    }

    @Override
    public PendingObject create(String key) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        return new LocalPendingObject(target, DurableFiles.openTemp(target));
    }

    @Override
    public void makeDirectory(String key) throws IOException {
        Files.createDirectories(path(key));
    }

    @Override
    public boolean isDirectory(String key) {
        return Files.isDirectory(path(key));
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(path(key));
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix to delete ends in /, got " + prefix);
        }
        if (prefix.isEmpty()) {
            // The root itself stays: it may be an output directory a person made, or a mount point.
            for (StoredObject o : list("")) Files.deleteIfExists(path(o.key()));
            discardUnfinished("");
            return;
        }
        DurableFiles.deleteTree(path(prefix));
    }

    @Override
    public void discardUnfinished(String prefix) throws IOException {
        Path dir = path(Keys.directory(prefix));
        if (!Files.isDirectory(dir)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (FileNames.isTemporary(file.getFileName().toString())) Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
    }

    @Override
    public String toString() {
        return "LocalObjectStore[" + root + "]";
    }
}
