package io.warren.storage;

import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.local.LocalObjectStore;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3Stores;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;

/**
 * One input file of a task, as its split names it: an {@code s3://bucket/key} URI, or a path relative to the storage
 * root (confined to it unless the worker runs unconfined, in local mode). The one place a worker turns an input's
 * name into bytes.
 */
public final class InputLocation {
    private final String name;
    private final ObjectStore store;
    private final String key;

    private InputLocation(String name, ObjectStore store, String key) {
        this.name = name;
        this.store = store;
        this.key = key;
    }

    /** @throws IllegalArgumentException when a path leaves the storage root while {@code confined} */
    public static InputLocation resolve(StorageLayout layout, String path, boolean confined) {
        path = JobPaths.locate(layout, "input", path, confined);
        if (S3Location.isS3(path)) return s3(path);
        return of(path, confined ? layout.confine("input", path) : layout.resolve(path));
    }

    /** The object {@code s3://bucket/key}, reached with this process's S3 settings. */
    public static InputLocation s3(String uri) {
        int slash = uri.indexOf('/', S3Location.SCHEME.length());
        if (slash < 0 || slash == uri.length() - 1) throw new IllegalArgumentException("no key in " + uri);
        S3Location bucket = S3Location.parse(uri.substring(0, slash));
        return new InputLocation(uri, S3Stores.at(bucket), Keys.check(uri.substring(slash + 1)));
    }

    /** A local file, named {@code name}. */
    public static InputLocation of(String name, Path file) {
        Path abs = file.toAbsolutePath();
        return new InputLocation(name, new LocalObjectStore(abs.getParent()), abs.getFileName().toString());
    }

    public String name() {
        return name;
    }

    public long size() throws IOException {
        return store.size(key).orElseThrow(() -> new java.nio.file.NoSuchFileException(store.uri(key)));
    }

    /** The input's bytes from {@code offset} to its end. */
    public ReadableByteChannel channel(long offset) throws IOException {
        return store.channel(key, offset);
    }

    public byte[] readAll() throws IOException {
        return store.read(key);
    }

    @Override
    public String toString() {
        return name;
    }
}
