package io.warren.cli;

import io.warren.coordinator.Coordinator;
import io.warren.coordinator.CoordinatorConfig;
import io.warren.coordinator.domain.BackupPolicy;
import io.warren.coordinator.storage.FileJobPlanner;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobState;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Topology;
import io.warren.broker.local.LocalBroker;
import io.warren.broker.port.Broker;
import io.warren.broker.rabbit.RabbitBroker;
import io.warren.protocol.storage.DurableFiles;
import io.warren.protocol.storage.StorageLayout;
import io.warren.storage.s3.S3Location;
import io.warren.storage.s3.S3Stores;
import io.warren.worker.Worker;
import io.warren.worker.WorkerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Local mode, like Hadoop's local job runner: a coordinator and N workers in this one process, running one job and
 * waiting for it. They talk through an in-process broker with the same ports as RabbitMQ, or through a real broker
 * with {@code --amqp}. Paths are relative to the current directory and may be anywhere the user can read and write.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one job on this machine: coordinator and workers in one process, no broker needed.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--workers", paramLabel = "N", description = "Workers to run (default: the number of cores, ${DEFAULT-VALUE}).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--amqp", paramLabel = "URI", description = "Run the same roles over this RabbitMQ broker instead of in memory.")
    URI amqp;

    @Option(names = "--amqp-ca-file", paramLabel = "PEM", description = "For amqps://, the CA certificate(s) to trust.")
    Path caFile;

    @Option(names = "--task-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Run a task again after this long without a heartbeat (default ${DEFAULT-VALUE}).")
    Duration taskTimeout;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "4", description = "Attempts per task (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Mixin
    ExecOptions exec;

    @Option(names = "--storage", paramLabel = "DIR|s3://BUCKET[/PREFIX]", defaultValue = "${env:WARREN_STORAGE:-.}",
            description = "Root that relative job paths start at: a directory, or a bucket, which then holds the job's"
                    + " intermediate files too (env WARREN_STORAGE; default the current directory).")
    String storage = ".";

    @Override
    public Integer call() throws Exception {
        if (workers < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        Clock clock = Clock.systemUTC();
        JobSpec spec = job.spec(clock);
        if (S3Location.isS3(storage)) S3Stores.probe(S3Location.parse(storage)).check(); // names the URI and S3's error
        Path work = Files.createTempDirectory("warren-run-");
        StorageLayout layout = S3Location.isS3(storage)
                ? new StorageLayout(Path.of("").toAbsolutePath(), work, storage)
                : new StorageLayout(Path.of(storage).toAbsolutePath(), work);
        Topology topology = new Topology("warren-run-" + ProcessHandle.current().pid());
        Broker broker = amqp == null ? new LocalBroker() : RabbitBroker.connect(amqp, caFile, topology, "warren-run");
        List<Worker> fleet = new ArrayList<>();
        CoordinatorConfig config = new CoordinatorConfig(layout, taskTimeout, maxAttempts, false, BackupPolicy.standard(),
                FileJobPlanner.DEFAULT_SPLIT_SIZE, CoordinatorConfig.DEFAULT_KEEP_HISTORY);
        try (Coordinator coordinator = new Coordinator(config, broker, clock)) {
            coordinator.start();
            for (int i = 0; i < workers; i++) {
                String id = WorkerConfig.newWorkerId();
                Worker w = new Worker(new WorkerConfig(layout, 1, id, exec.settings(id).unconfined()), broker, clock);
                w.start();
                fleet.add(w);
            }
            ProgressPrinter printer = new ProgressPrinter(System.err, System.console() != null);
            JobUpdate end = new JobWaiter(broker, printer, System.err, JobWaiter.PATIENCE).submitAndWait(spec, null).end();
            if (end.state() == JobState.SUCCEEDED) {
                System.out.println(printer.summary(end, JobOptions.outputs(spec)));
                return 0;
            }
            System.err.println(printer.summary(end, JobOptions.outputs(spec)));
            return 1;
        } finally {
            fleet.forEach(Worker::close);
            if (broker instanceof RabbitBroker rabbit) deleteTopology(rabbit);
            broker.close();
            DurableFiles.deleteTree(work);
        }
    }

    private static void deleteTopology(RabbitBroker rabbit) {
        try {
            rabbit.deleteTopology();
        } catch (RuntimeException e) {
            System.err.println("warren: could not delete this run's queues (" + e.getMessage() + ")");
        }
    }
}
