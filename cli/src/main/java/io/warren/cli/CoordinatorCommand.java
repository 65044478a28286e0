package io.warren.cli;

import io.warren.coordinator.Coordinator;
import io.warren.coordinator.CoordinatorConfig;
import io.warren.protocol.rabbit.RabbitBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Runs the coordinator until stopped (SIGTERM or Ctrl-C). */
@Command(name = "coordinator", mixinStandardHelpOptions = true, description = "Run the coordinator.")
final class CoordinatorCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws Exception {
        CoordinatorConfig config = new CoordinatorConfig(storage.layout(), taskTimeout, maxAttempts, true);
        RabbitBroker rabbit = broker.connect("coordinator");
        Coordinator coordinator = new Coordinator(config, rabbit, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            coordinator.close();
            rabbit.close();
        }, "shutdown"));
        coordinator.start();
        return coordinator.awaitStop() == null ? 0 : 1;
    }
}
