package io.warren.storage.s3;

import software.amazon.awssdk.services.s3.S3Client;

import java.util.HashMap;
import java.util.Map;

/**
 * The S3 clients of this process, one per {@link S3Settings} (in practice one), made when a job first names an
 * {@code s3://} location and kept for the life of the process: a client holds a connection pool and is meant to be
 * shared.
 */
public final class S3Stores {
    private static final Map<S3Settings, S3Client> CLIENTS = new HashMap<>();
    private static final Map<S3Settings, S3Client> PROBES = new HashMap<>();

    /** The store at {@code location}, reached with this process's settings. */
    public static S3ObjectStore at(S3Location location) {
        S3Settings settings = S3Settings.fromProcess();
        return new S3ObjectStore(client(settings), location, settings.partBytes());
    }

    /**
     * The store at {@code location} for its check at start ({@link S3ObjectStore#check}): its client gives up after
     * {@link S3Clients#PROBE_ATTEMPTS} tries, so a misconfiguration is named within seconds.
     */
    public static S3ObjectStore probe(S3Location location) {
        S3Settings settings = S3Settings.fromProcess();
        S3Client client;
        synchronized (S3Stores.class) {
            client = PROBES.computeIfAbsent(settings, S3Clients::probe);
        }
        return new S3ObjectStore(client, location, settings.partBytes());
    }

    private static synchronized S3Client client(S3Settings settings) {
        return CLIENTS.computeIfAbsent(settings, S3Clients::create);
    }

    private S3Stores() {
    }
}
