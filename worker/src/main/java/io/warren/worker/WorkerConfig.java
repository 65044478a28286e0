package io.warren.worker;

import io.warren.protocol.WorkerIds;
import io.warren.protocol.storage.StorageLayout;
import io.warren.worker.exec.ExecSettings;

/**
 * How a worker runs.
 *
 * @param layout   the shared storage, mounted wherever this process sees it
 * @param slots    tasks run at once; also the prefetch, so no task waits behind a busy worker
 * @param workerId this process's id, unique and safe in file names
 * @param exec     sort buffer, intermediate compression and scratch space for running tasks
 */
public record WorkerConfig(StorageLayout layout, int slots, String workerId, ExecSettings exec) {
    public static final int DEFAULT_SLOTS = 1;

    public WorkerConfig {
        if (layout == null) throw new IllegalArgumentException("storage is required");
        if (slots < 1 || slots > 256) throw new IllegalArgumentException("slots must be between 1 and 256, got " + slots);
        WorkerIds.check(workerId);
        if (exec == null) exec = ExecSettings.defaults(defaultLocalDir(workerId));
    }

    public WorkerConfig(StorageLayout layout, int slots, String workerId) {
        this(layout, slots, workerId, null);
    }

    /** Private scratch space on local disk, never on the shared storage. */
    public static java.nio.file.Path defaultLocalDir(String workerId) {
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "warren-" + workerId);
    }

    public static String newWorkerId() {
        String host = hostName();
        return WorkerIds.generate(host.isEmpty() ? "worker" : host, ProcessHandle.current().pid());
    }

    /** This machine's name, or empty when it cannot be found (a name lookup may be slow: ask once). */
    public static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "";
        }
    }
}
