package io.warren.cli;

import io.warren.broker.rabbit.RabbitBroker;
import io.warren.worker.Worker;
import io.warren.worker.WorkerConfig;
import io.warren.worker.http.HealthServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs a worker until stopped. Start as many as you like, on any machine that sees the shared storage. */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a worker.")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    BrokerOptions broker;
    @Mixin
    StorageOption storage;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "${env:WARREN_SLOTS:-1}",
            description = "Tasks this worker runs at once (env WARREN_SLOTS; default ${DEFAULT-VALUE}).")
    int slots;

    @Mixin
    ExecOptions exec;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "${env:WARREN_SHUTDOWN_GRACE:-30s}",
            description = "On SIGTERM, let running tasks finish for this long before handing them back (default ${DEFAULT-VALUE}).")
    java.time.Duration shutdownGrace;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:WARREN_WORKER_HTTP_PORT:--1}",
            description = "Serve /metrics, /health/live and /health/ready on this port; 0 picks a free one, -1 (the default) serves nothing (env WARREN_WORKER_HTTP_PORT).")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", defaultValue = "${env:WARREN_HTTP_BIND:-127.0.0.1}",
            description = "Address the metrics and health endpoints listen on (env WARREN_HTTP_BIND; default ${DEFAULT-VALUE}).")
    String httpBind;

    @Override
    public Integer call() throws Exception {
        String id = WorkerConfig.newWorkerId();
        WorkerConfig config = new WorkerConfig(storage.reachableLayout(), slots, id, exec.settings(id));
        RabbitBroker rabbit = broker.connect("worker-" + config.workerId());
        Worker worker = new Worker(config, rabbit, Clock.systemUTC());
        HealthServer health = httpPort < 0 ? null
                : new HealthServer(new java.net.InetSocketAddress(httpBind, httpPort), worker);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.shutdown(shutdownGrace);
            rabbit.close();
            if (health != null) health.close();
            stop.countDown();
        }, "shutdown"));
        if (health != null) health.start();
        worker.start();
        stop.await();
        return 0;
    }
}
