package io.warren.bench;

import io.warren.broker.port.Broker;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.Delivery;
import io.warren.broker.rabbit.RabbitBroker;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.Topology;
import io.warren.protocol.WorkerEvent;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Workers that do no work, so that one coordinator and the broker are the only limit (bench/ceiling.sh). Each
 * simulated worker consumes the task queue with its own channel and prefetch and, like the real Worker, publishes
 * {@code started} without waiting, then {@code completed} under a publisher confirm (finished tasks of a connection
 * go out together, as the Worker's Reporter batches them), and only then acknowledges the task. A map task reads and
 * writes nothing; a reduce task creates its empty {@code mr-out-<r>}, which the coordinator checks before it commits.
 * Runs until killed, and prints how many tasks it reported when it stops.
 * <pre>WARREN_AMQP_URI=... WARREN_TOPOLOGY_PREFIX=... WARREN_STORAGE=DIR \
 *     java -cp 'bench/target/warren-bench.jar:bench/target/lib/*' io.warren.bench.SimulatedFleet CONNECTIONS WORKERS PREFETCH</pre>
 */
public final class SimulatedFleet {
    private final Broker broker;
    private final StorageLayout layout;
    private final Clock clock = Clock.systemUTC();
    private final LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final AtomicLong reported;

    private record Finished(Delivery<TaskMessage> delivery, WorkerEvent outcome) {
    }

    private SimulatedFleet(Broker broker, StorageLayout layout, AtomicLong reported) {
        this.broker = broker;
        this.layout = layout;
        this.reported = reported;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: SimulatedFleet CONNECTIONS WORKERS_PER_CONNECTION PREFETCH");
            System.exit(2);
        }
        int connections = Integer.parseInt(args[0]);
        int workers = Integer.parseInt(args[1]);
        int prefetch = Integer.parseInt(args[2]);
        URI uri = URI.create(System.getenv().getOrDefault("WARREN_AMQP_URI", "amqp://guest:guest@localhost:5672"));
        Topology topology = new Topology(System.getenv().getOrDefault("WARREN_TOPOLOGY_PREFIX", Topology.DEFAULT_PREFIX));
        StorageLayout layout = StorageLayout.under(Path.of(System.getenv().getOrDefault("WARREN_STORAGE", ".")));
        AtomicLong reported = new AtomicLong();
        long pid = ProcessHandle.current().pid();
        List<Broker> brokers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Broker broker = RabbitBroker.connect(uri, topology, "warren-simulated-" + pid + "-" + c);
            brokers.add(broker);
            new SimulatedFleet(broker, layout, reported).start("sim-" + pid + "-" + c, workers, prefetch);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("simulated fleet reported " + reported.get() + " tasks");
            brokers.forEach(Broker::close);
            stopped.countDown();
        }));
        System.out.println("simulated fleet: " + connections + " connections x " + workers + " workers, prefetch "
                + prefetch);
        stopped.await();
    }

    private void start(String name, int workers, int prefetch) {
        Thread reporter = new Thread(this::report, name + "-reporter");
        reporter.setDaemon(true);
        reporter.start();
        for (int w = 0; w < workers; w++) {
            String workerId = name + "-w" + w;
            broker.tasks().subscribe(prefetch, d -> handle(d, workerId));
        }
    }

    /** On the delivery thread: report the start, do the little a task needs, hand the outcome to the reporter. */
    private void handle(Delivery<TaskMessage> delivery, String workerId) {
        TaskMessage task = delivery.message();
        broker.events().publishWithoutWaiting(new WorkerEvent.TaskStarted(task.jobId(), task.phase(),
                task.taskNumber(), task.attempt(), workerId, clock.instant()));
        if (task instanceof ReduceTask reduce) touchOutput(reduce);
        finished.add(new Finished(delivery, new WorkerEvent.TaskCompleted(task.jobId(), task.phase(),
                task.taskNumber(), task.attempt(), workerId, clock.instant(), Map.of())));
    }

    private void touchOutput(ReduceTask reduce) {
        Path dir = layout.resolve(reduce.output());
        try {
            Files.createDirectories(dir);
            Path part = dir.resolve(FileNames.output(reduce.taskNumber()));
            if (!Files.exists(part)) Files.write(part, new byte[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + dir, e);
        }
    }

    /** Publishes finished tasks' outcomes under one confirm per batch, then acknowledges their tasks. */
    private void report() {
        List<Finished> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(finished.take());
            } catch (InterruptedException e) {
                return;
            }
            finished.drainTo(batch);
            try {
                broker.events().publish(batch.stream().map(Finished::outcome).toList());
                batch.forEach(f -> f.delivery().ack());
                reported.addAndGet(batch.size());
            } catch (BrokerUnavailable e) {
                batch.forEach(f -> f.delivery().requeue());
            }
            batch.clear();
        }
    }
}
