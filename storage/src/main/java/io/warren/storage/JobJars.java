package io.warren.storage;

import io.warren.protocol.apps.AppCatalog;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.s3.S3Location;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a process finds a job's jar: a path on the storage as it is, an {@code s3://} object copied once into a local
 * directory (per URI and size; publish a changed jar under a new key, as with any artifact store), so every task of
 * the job loads the same local file.
 */
public final class JobJars implements AppCatalog.JarFiles {
    private final StorageLayout layout;
    private final Path cacheDir;

    public JobJars(StorageLayout layout, Path cacheDir) {
        this.layout = layout;
        this.cacheDir = cacheDir;
    }

    /** Copies under the temporary directory, shared by the processes of one machine. */
    public static JobJars under(StorageLayout layout) {
        return new JobJars(layout, Path.of(System.getProperty("java.io.tmpdir"), "warren-jars"));
    }

    @Override
    public Path localCopy(String jar) throws IOException {
        jar = JobPaths.locate(layout, "jar", jar, false);
        if (!S3Location.isS3(jar)) return layout.resolve(jar);
        InputLocation object = InputLocation.s3(jar);
        long size = object.size();
        Path copy = cacheDir.resolve(digest(jar) + "-" + size + ".jar");
        if (Files.isRegularFile(copy) && Files.size(copy) == size) return copy;
        Files.createDirectories(cacheDir);
        Path temp = Files.createTempFile(cacheDir, ".fetch-", ".tmp");
        try {
            try (InputStream in = java.nio.channels.Channels.newInputStream(object.channel(0))) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return copy;
    }

    private static String digest(String uri) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
