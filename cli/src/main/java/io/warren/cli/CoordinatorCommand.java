package io.warren.cli;

import io.warren.broker.rabbit.QueueType;
import io.warren.broker.rabbit.RabbitBroker;
import io.warren.coordinator.ActiveStandby;
import io.warren.coordinator.Coordinator;
import io.warren.coordinator.CoordinatorConfig;
import io.warren.coordinator.Observability;
import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.http.StatusServer;
import io.warren.coordinator.storage.StateStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Runs the coordinator until stopped (SIGTERM or Ctrl-C). Start two for failover: one is active, the other waits. */
@Command(name = "coordinator", mixinStandardHelpOptions = true, description = "Run the coordinator.")
final class CoordinatorCommand implements Callable<Integer> {
        /**
     * Jobs the status page follows at once (each read whole once, then record by record as it grows; running ones
     * looked at in the last 10 minutes are read every second, so that a request finds little to catch up on).
     */
    private static final int STATUS_JOBS_FOLLOWED = 8;
    @Mixin
    BrokerOptions broker;
    @Mixin
    StorageOption storage;

    @Option(names = "--task-timeout", paramLabel = "DURATION", defaultValue = "${env:WARREN_TASK_TIMEOUT:-30s}",
            description = "Run a task again elsewhere after this long without a heartbeat (env WARREN_TASK_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration taskTimeout;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "${env:WARREN_MAX_ATTEMPTS:-4}",
            description = "Attempts per task before the job fails (env WARREN_MAX_ATTEMPTS; default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--split-size", paramLabel = "SIZE", converter = SizeConverter.class,
            defaultValue = "${env:WARREN_SPLIT_SIZE:-64m}",
            description = "Input bytes per map task unless a job says otherwise (env WARREN_SPLIT_SIZE; default ${DEFAULT-VALUE}).")
    long splitSize;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:WARREN_HTTP_PORT:-8080}",
            description = "Port of the status page and JSON API; 0 picks a free one, -1 turns it off (env WARREN_HTTP_PORT; default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", defaultValue = "${env:WARREN_HTTP_BIND:-127.0.0.1}",
            description = "Address the status page listens on (env WARREN_HTTP_BIND; default ${DEFAULT-VALUE}, this machine only).")
    String httpBind;

    @Option(names = "--http-token-file", paramLabel = "FILE", defaultValue = "${env:WARREN_HTTP_TOKEN_FILE}",
            description = "Require this file's token (Authorization: Bearer ...) for the JSON API (env WARREN_HTTP_TOKEN_FILE).")
    Path httpTokenFile;

    @Option(names = "--backup-tasks", negatable = true, defaultValue = "${env:WARREN_BACKUP_TASKS:-true}", fallbackValue = "true",
            description = "Start backup attempts of stragglers near the end of a phase (env WARREN_BACKUP_TASKS; default on).")
    boolean backupTasks;

    @Option(names = "--backup-slowness", paramLabel = "FACTOR", defaultValue = "${env:WARREN_BACKUP_SLOWNESS:-2.0}",
            description = "A straggler runs this many times longer than the median of its finished peers (default ${DEFAULT-VALUE}).")
    double backupSlowness;

    @Option(names = "--backup-min-runtime", paramLabel = "DURATION", defaultValue = "${env:WARREN_BACKUP_MIN_RUNTIME:-10s}",
            description = "Never back up a task that has run for less than this (default ${DEFAULT-VALUE}).")
    Duration backupMinRuntime;

    @Option(names = "--keep-history", paramLabel = "DURATION", defaultValue = "${env:WARREN_KEEP_HISTORY:-7d}",
            description = "Delete the records of jobs that ended longer ago than this; 0 keeps them forever (env WARREN_KEEP_HISTORY; default ${DEFAULT-VALUE}).")
    Duration keepHistory;

    /**
     * Waits to become the active coordinator (another one may hold the lease), then coordinates until the lease is lost
     * or the process stops; after losing the lease it stands by again.
     */
    @Override
    public Integer call() throws Exception {
        if (broker.queueType == QueueType.QUORUM && maxAttempts > QueueType.MAX_ATTEMPTS_ON_QUORUM) {
            throw new IllegalArgumentException("--max-attempts " + maxAttempts + " is more than quorum queues allow ("
                    + QueueType.MAX_ATTEMPTS_ON_QUORUM + "): their delivery limit (" + QueueType.DELIVERY_LIMIT
                    + ") would dead-letter a poison task before Warren counted its attempts");
        }
        CoordinatorConfig config = new CoordinatorConfig(storage.reachableLayout(), taskTimeout, maxAttempts, true,
                new BackupPolicy(backupTasks, backupSlowness, backupMinRuntime), splitSize, keepHistory);
        RabbitBroker rabbit = broker.connect("coordinator");
        Clock clock = Clock.systemUTC();
        Observability observability = new Observability(clock);
        rabbit.beacons().listen(observability.workers()::record);
        ActiveStandby role = new ActiveStandby(rabbit, Coordinator.processName(), () -> StateStores.jobs(config.layout()),
                store -> new Coordinator(config, rabbit, clock, observability, store));
        StatusServer status = null;
        if (httpPort >= 0) {
            String token = httpTokenFile == null ? null : Files.readString(httpTokenFile);
            status = new StatusServer(new InetSocketAddress(httpBind, httpPort),
                    StateStores.followers(config.layout(), STATUS_JOBS_FOLLOWED, Duration.ofSeconds(1),
                            Duration.ofMinutes(10)),
                    StateStores.pipelines(config.layout()), token, observability, role::isActive);
            status.start();
        }
        StatusServer statusServer = status;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            role.close();
            if (statusServer != null) statusServer.close();
            rabbit.close();
        }, "shutdown"));
        return role.run();
    }
}
