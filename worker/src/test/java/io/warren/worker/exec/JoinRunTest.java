package io.warren.worker.exec;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;
import io.warren.protocol.ReduceTask;
import io.warren.protocol.storage.FileNames;
import io.warren.protocol.storage.StorageLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Grouping and per-input mappers on the worker, map and reduce attempts run through {@link TaskRunner}: a join of
 * users and orders gives what a sequential join gives, each user's record reaching the reduce before their orders; a
 * secondary sort gives each group one reduce call, on one reduce, with its values in whole-key order.
 */
class JoinRunTest {
    private static final String JOB_ID = "job-join";
    private static final String WORKER = "worker-a-1";
    private static final int REDUCES = 3;
    private static final JobRef JOIN = new JobRef(UserOrderJoin.class.getName(), null, Map.of());

    @TempDir
    Path root;
    private StorageLayout layout;
    private TaskRunner runner;

    @BeforeEach
    void setUp() throws IOException {
        layout = StorageLayout.under(root);
        Files.createDirectories(layout.intermediateDir(JOB_ID));
        runner = new TaskRunner(layout, WORKER, new ExecSettings(1 << 16, ExecSettings.DEFAULT_CODEC,
                root.resolve("local"), 4), Grants.ALWAYS);
    }

    @Test
    void eachUserIsJoinedWithTheirOrdersAsASequentialJoinWould() throws Exception {
        Random random = new Random(42);
        List<String> users = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (int u = 0; u < 300; u++) {
            if (random.nextInt(10) == 0) continue; // orders of a missing user drop out of the inner join
            names.put("u" + u, "name" + random.nextInt(1000));
            users.add("u" + u + "," + names.get("u" + u));
        }
        List<String> orders = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int o = 0; o < 3000; o++) {
            String user = "u" + random.nextInt(300);
            String order = "o" + o + "," + user + "," + random.nextInt(500);
            orders.add(order);
            if (names.containsKey(user)) expected.add(user + " " + names.get(user) + ",o" + o + "," + order.split(",")[2]);
        }
        write("users.csv", users);
        write("orders-1.csv", orders.subList(0, 1500));
        write("orders-2.csv", orders.subList(1500, 3000));

        List<List<InputSplit>> maps = List.of(
                List.of(split("users.csv", "users")),
                List.of(split("orders-1.csv", "orders"), split("orders-2.csv", "orders")));
        List<String> output = run(maps, JOIN);

        Collections.sort(expected);
        List<String> sorted = new ArrayList<>(output);
        Collections.sort(sorted);
        assertThat(sorted).isEqualTo(expected);
    }

    @Test
    void aGroupReachesOneReduceCallWithItsValuesInWholeKeyOrder() throws Exception {
        Random random = new Random(7);
        Map<String, List<Integer>> byStation = new HashMap<>();
        List<List<String>> files = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 5000; i++) {
            String station = "s" + random.nextInt(40);
            int temperature = random.nextInt(1000);
            byStation.computeIfAbsent(station, s -> new ArrayList<>()).add(temperature);
            files.get(i % 3).add(station + "," + temperature);
        }
        List<List<InputSplit>> maps = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            write("t" + f, files.get(f));
            maps.add(List.of(split("t" + f, null)));
        }

        List<String> output = run(maps, new JobRef(TemperaturesByStation.class.getName(), null, Map.of()));

        List<String> expected = new ArrayList<>();
        byStation.forEach((station, temperatures) -> expected.add(station + " "
                + String.join(",", temperatures.stream().sorted().map(String::valueOf).toList())));
        assertThat(output).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aSplitNamingAMapperTheJobLacksFailsTheTaskNamingIt() throws Exception {
        write("users.csv", List.of("u1,ann"));
        MapTask task = new MapTask(JOB_ID, 0, 1, JOIN, List.of(split("users.csv", "customers")), REDUCES, 1_000, List.of());

        assertThatThrownBy(() -> runner.run(task, new Progress())).hasMessageContaining("no mapper named 'customers'")
                .hasMessageContaining("[orders, users]");
    }

    private List<String> run(List<List<InputSplit>> maps, JobRef job) throws Exception {
        for (int m = 0; m < maps.size(); m++) runner.run(new MapTask(JOB_ID, m, 1, job, maps.get(m), REDUCES, 1_000, List.of()), new Progress());
        List<String> winners = Collections.nCopies(maps.size(), WORKER);
        List<String> output = new ArrayList<>();
        for (int r = 0; r < REDUCES; r++) {
            runner.run(new ReduceTask(JOB_ID, r, 1, job, winners, "out", 1_000, List.of()), new Progress());
            output.addAll(Files.readAllLines(layout.resolve("out").resolve(FileNames.output(r)), StandardCharsets.UTF_8));
        }
        return output;
    }

    private InputSplit split(String name, String mapper) throws IOException {
        return InputSplit.wholeFile("in/" + name, Files.size(layout.resolve("in/" + name))).withMapper(mapper);
    }

    private void write(String name, List<String> lines) throws IOException {
        Files.createDirectories(layout.resolve("in"));
        Files.write(layout.resolve("in/" + name), lines, StandardCharsets.UTF_8);
    }
}
