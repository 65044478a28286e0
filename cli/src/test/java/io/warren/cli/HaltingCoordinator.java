package io.warren.cli;

import io.warren.broker.rabbit.RabbitBroker;
import io.warren.coordinator.ActiveStandby;
import io.warren.coordinator.Coordinator;
import io.warren.coordinator.CoordinatorConfig;
import io.warren.coordinator.Observability;
import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.storage.FileJobPlanner;
import io.warren.coordinator.storage.StateStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A coordinator for {@link PhaseBoundaryKillIT}: the active/standby life of {@code warren coordinator}, whose job
 * store halts the JVM at a phase boundary ({@link HaltingJobStore}). Only the test classpath has it, so no production
 * coordinator can be made to halt. Example:
 * {@code java -cp <test classpath> io.warren.cli.HaltingCoordinator --halt-at SUCCESS_WRITTEN --storage DIR}
 */
@Command(name = "halting-coordinator")
final class HaltingCoordinator implements Callable<Integer> {
    @Mixin
    BrokerOptions broker;
    @Mixin
    StorageOption storage;

    @Option(names = "--halt-at", required = true)
    HaltingJobStore.Boundary haltAt;

    @Option(names = "--task-timeout", defaultValue = "30s")
    Duration taskTimeout;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new HaltingCoordinator());
        cli.registerConverter(Duration.class, new DurationConverter());
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        CoordinatorConfig config = new CoordinatorConfig(storage.layout(), taskTimeout,
                CoordinatorConfig.DEFAULT_MAX_ATTEMPTS, true, BackupPolicy.standard(), FileJobPlanner.DEFAULT_SPLIT_SIZE,
                CoordinatorConfig.DEFAULT_KEEP_HISTORY);
        RabbitBroker rabbit = broker.connect("coordinator");
        Clock clock = Clock.systemUTC();
        try (Observability observability = new Observability(clock);
             ActiveStandby role = new ActiveStandby(rabbit, Coordinator.processName(),
                     () -> new HaltingJobStore(StateStores.jobs(config.layout()), haltAt),
                     store -> new Coordinator(config, rabbit, clock, observability, store))) {
            return role.run();
        } finally {
            rabbit.close();
        }
    }
}
