package io.warren.coordinator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.warren.coordinator.domain.JobRecord;
import io.warren.coordinator.pipeline.PipelineReader;
import io.warren.coordinator.pipeline.PipelineRecord;
import io.warren.coordinator.Observability;
import io.warren.coordinator.domain.JobReader;
import io.warren.coordinator.status.ReduceSkew;
import io.warren.coordinator.status.JobTotals;
import io.warren.coordinator.status.TaskSelection;
import io.warren.coordinator.status.TaskTimeline;
import io.warren.coordinator.status.Throughput;
import io.warren.protocol.JobIds;
import io.warren.protocol.Json;
import io.warren.telemetry.HttpEndpoints;
import io.warren.telemetry.ProcessMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The coordinator's status page and its JSON API, read from the job records on the shared storage:
 * <ul>
 *   <li>{@code GET /}: the page, with its scripts ({@code /status.js} and the {@code /status-*.js} it loads first)
 *       and style at {@code /status.css}; it polls
 *       the API and redraws every two seconds;</li>
 *   <li>{@code GET /api/jobs}: every job, newest first, with progress counts (a pipeline's step's job names its
 *   {@code pipeline} and {@code step});</li>
 *   <li>{@code GET /api/pipelines}: every pipeline's record, newest first;</li>
 *   <li>{@code GET /api/jobs/<id>}: one job's record: state, counters, error, task counts by phase and state, the
 *       reduce that holds the most input ({@code reduceSkew}, see {@link ReduceSkew}), and its
 *       tasks with their attempts and runs: by default at most {@value #DEFAULT_TASKS} per phase, those to look at
 *       first (see {@link TaskSelection}); {@code ?tasks=N|all}, and {@code ?phase=}, {@code ?state=},
 *       {@code ?offset=} to page through the rest;</li>
 *   <li>{@code GET /api/jobs/<id>/timeline}: its runs laid out in lanes, and its data rates over time (see
 *       {@link TaskTimeline} and {@link Throughput});</li>
 *   <li>{@code GET /api/workers}: the live workers, their slots and the tasks they run;</li>
 *   <li>{@code GET /api/failures}: the last 100 failed attempts, newest first, with their reasons;</li>
 *   <li>{@code GET /metrics}: Prometheus metrics (see {@link io.warren.coordinator.metrics.CoordinatorMetrics});</li>
 *   <li>{@code GET /health/live}: 200 while the process serves; {@code /healthz} is the same;</li>
 *   <li>{@code GET /health/ready}: 200 on the active coordinator, 503 on a standby waiting for the lease.</li>
 * </ul>
 * It binds to the loopback address unless told otherwise, and with a token configured every {@code /api} and
 * {@code /metrics} request must carry {@code Authorization: Bearer <token>}. It serves job records, worker ids and
 * failure messages only: no file contents, no broker URI.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    /** Bars a timeline draws at most unless asked for another number: enough for every run of most jobs. */
    private static final int TIMELINE_BARS = 4000;
    private static final int MAX_TIMELINE_BARS = 50_000;
    private static final int THROUGHPUT_BUCKETS = 120;
    /** Tasks per phase a job's record shows unless asked for another number: all of most jobs, a screenful of big ones. */
    static final int DEFAULT_TASKS = 1000;
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    /** The page's scripts and style, served beside it so that it works offline: nothing comes from elsewhere. */
    private static final Map<String, String> ASSETS = Map.of("/status.js", JAVASCRIPT, "/status-format.js", JAVASCRIPT,
            "/status-fleet.js", JAVASCRIPT, "/status-job.js", JAVASCRIPT, "/status-charts.js", JAVASCRIPT,
            "/status.css", "text/css; charset=utf-8");
    private final HttpEndpoints http;
    private final JobReader store;
    private final PipelineReader pipelines;
    private final byte[] token;
    private final Observability observability;
    private final BooleanSupplier ready;
    private final JobSummaries summaries;
    private final JobTotals totals = new JobTotals();

    /**
     * A status page of these jobs and pipelines (a pipeline shows as one unit with its steps' jobs).
     *
     * @param token required of API requests ({@code Authorization: Bearer}); null or blank for none
     * @param ready whether this process is the active coordinator (a standby serves the page but is not ready)
     */
    public StatusServer(InetSocketAddress bind, JobReader store, PipelineReader pipelines, String token,
                        Observability observability, BooleanSupplier ready) {
        this.store = store;
        this.pipelines = pipelines;
        this.summaries = new JobSummaries(store, pipelines, totals);
        this.observability = observability;
        this.ready = ready;
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
        this.http = new HttpEndpoints(bind, 2, "the status page", this::handle);
    }

    public void start() {
        http.start();
        log.info("status page at http://{}:{}/{}", address().getHostString(), address().getPort(),
                token == null ? "" : " (API needs the token)");
    }

    public InetSocketAddress address() {
        return http.address();
    }

    private void handle(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/healthz") || path.equals("/health/live")) {
            send(exchange, 200, "text/plain", "ok");
        } else if (path.equals("/health/ready")) {
            boolean active = ready.getAsBoolean();
            send(exchange, active ? 200 : 503, "text/plain", active ? "ready" : "standby: another coordinator is active");
        } else if (path.equals("/metrics")) {
            if (!authorized(exchange)) {
                refuse(exchange);
            } else {
                send(exchange, 200, ProcessMetrics.CONTENT_TYPE, observability.metrics().scrape());
            }
        } else if (path.equals("/") || path.equals("/index.html")) {
            send(exchange, 200, "text/html; charset=utf-8", resource("status.html"));
        } else if (ASSETS.containsKey(path)) {
            send(exchange, 200, ASSETS.get(path), resource(path.substring(1)));
        } else if (path.startsWith("/api/")) {
            if (!authorized(exchange)) {
                refuse(exchange);
            } else {
                api(exchange, path.substring("/api/".length()));
            }
        } else {
            send(exchange, 404, "text/plain", "not found");
        }
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        send(exchange, 401, "application/json", "{\"error\":\"a token is required: Authorization: Bearer <token>\"}");
    }

    private void api(HttpExchange exchange, String rest) throws IOException {
        if (rest.equals("workers")) {
            send(exchange, 200, "application/json", Json.encodeToString(observability.workers().live()));
            return;
        }
        if (rest.equals("failures")) {
            send(exchange, 200, "application/json", Json.encodeToString(observability.failures().newestFirst()));
            return;
        }
        if (rest.equals("pipelines")) {
            Integer limit = intParameter(exchange, "limit");
            List<PipelineRecord> all = new ArrayList<>(pipelines.loadAll());
            Collections.reverse(all);
            send(exchange, 200, "application/json",
                    Json.encodeToString(limit == null || limit >= all.size() ? all : all.subList(0, limit)));
            return;
        }
        if (rest.equals("jobs")) {
            Integer limit = intParameter(exchange, "limit");
            List<Map<String, Object>> all = summaries.newestFirst();
            send(exchange, 200, "application/json",
                    Json.encodeToString(limit == null || limit >= all.size() ? all : all.subList(0, limit)));
            return;
        }
        if (rest.startsWith("jobs/") && rest.endsWith("/timeline")) {
            String id = rest.substring("jobs/".length(), rest.length() - "/timeline".length());
            var job = JobIds.isValid(id) ? store.load(id) : Optional.<JobRecord>empty();
            if (job.isPresent()) {
                Integer bars = intParameter(exchange, "bars");
                int max = bars == null ? TIMELINE_BARS : Math.max(1, Math.min(bars, MAX_TIMELINE_BARS));
                send(exchange, 200, "application/json", Json.encodeToString(
                        TaskTimeline.of(job.get(), observability.clock().instant(), max, THROUGHPUT_BUCKETS)));
            } else {
                send(exchange, 404, "application/json", "{\"error\":\"no such job\"}");
            }
            return;
        }
        if (rest.startsWith("jobs/")) {
            String id = rest.substring("jobs/".length());
            var job = JobIds.isValid(id) ? store.load(id) : Optional.<JobRecord>empty();
            if (job.isEmpty()) {
                send(exchange, 404, "application/json", "{\"error\":\"no such job\"}");
                return;
            }
            TaskSelection selection;
            try {
                selection = TaskSelection.parse(exchange.getRequestURI().getRawQuery(), DEFAULT_TASKS);
            } catch (IllegalArgumentException e) {
                send(exchange, 400, "application/json", Json.encodeToString(Map.of("error", e.getMessage())));
                return;
            }
            JobRecord record = job.get();
            JobTotals.Totals sums = totals.of(record);
            var tree = (ObjectNode) Json.MAPPER.valueToTree(selection.apply(record));
            tree.set("counters", Json.MAPPER.valueToTree(sums.counters()));
            tree.put("mapCount", record.maps().size());
            tree.put("reduceCount", record.reduces().size());
            tree.set("taskCounts", Json.MAPPER.valueToTree(sums.taskCounts()));
            tree.put("refused", record.refused());
            ReduceSkew.of(record).ifPresent(skew -> tree.set("reduceSkew", Json.MAPPER.valueToTree(skew)));
            send(exchange, 200, "application/json", Json.MAPPER.writeValueAsString(tree));
            return;
        }
        send(exchange, 404, "application/json", "{\"error\":\"unknown API path\"}");
    }

    /** A positive whole-number query parameter, or null when absent or not one. */
    private static Integer intParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) return null;
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=") && pair.substring(name.length() + 1).matches("\\d{1,9}")) {
                return Integer.parseInt(pair.substring(name.length() + 1));
            }
        }
        return null;
    }

    private boolean authorized(HttpExchange exchange) {
        if (token == null) return true;
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) return false;
        return MessageDigest.isEqual(token, header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        try (InputStream in = StatusServer.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        HttpEndpoints.reply(exchange, status, type, body);
    }

    @Override
    public void close() {
        http.close();
    }
}
