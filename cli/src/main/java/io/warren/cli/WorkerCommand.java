package io.warren.cli;

import io.warren.protocol.rabbit.RabbitBroker;
import io.warren.worker.Worker;
import io.warren.worker.WorkerConfig;
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

    @Override
    public Integer call() throws Exception {
        String id = WorkerConfig.newWorkerId();
        WorkerConfig config = new WorkerConfig(storage.layout(), slots, id, exec.settings(id));
        RabbitBroker rabbit = broker.connect("worker-" + config.workerId());
        Worker worker = new Worker(config, rabbit, Clock.systemUTC());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.shutdown(shutdownGrace);
            rabbit.close();
            stop.countDown();
        }, "shutdown"));
        worker.start();
        stop.await();
        return 0;
    }
}
