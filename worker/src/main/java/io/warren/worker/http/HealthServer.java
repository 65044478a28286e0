package io.warren.worker.http;

import com.sun.net.httpserver.HttpExchange;
import io.warren.telemetry.HttpEndpoints;
import io.warren.telemetry.ProcessMetrics;
import io.warren.worker.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A worker's own HTTP endpoints, for Prometheus and for Kubernetes probes:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus metrics (see {@link io.warren.worker.metrics.WorkerMetrics});</li>
 *   <li>{@code GET /health/live}: 200 until the worker has shut down; a worker waiting for the broker to come back is
 *       alive, since restarting it would not help;</li>
 *   <li>{@code GET /health/ready}: 200 while it takes tasks (started, connected, not stopping), else 503.</li>
 * </ul>
 * Metrics and health only: no job data. It binds where it is told (the loopback address by default).
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
    private final HttpEndpoints http;
    private final Worker worker;

    public HealthServer(InetSocketAddress bind, Worker worker) {
        this.worker = worker;
        this.http = new HttpEndpoints(bind, 1, "worker health", this::handle);
    }

    public void start() {
        http.start();
        log.info("worker metrics and health at http://{}:{}/metrics", address().getHostString(), address().getPort());
    }

    public InetSocketAddress address() {
        return http.address();
    }

    private void handle(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/metrics" -> HttpEndpoints.reply(exchange, 200, ProcessMetrics.CONTENT_TYPE, worker.metrics().scrape());
            case "/health/live", "/healthz" -> {
                boolean live = worker.isLive();
                HttpEndpoints.reply(exchange, live ? 200 : 503, "text/plain", live ? "ok" : "stopped");
            }
            case "/health/ready" -> {
                boolean ready = worker.isReady();
                HttpEndpoints.reply(exchange, ready ? 200 : 503, "text/plain", ready ? "ready" : "not taking tasks");
            }
            default -> HttpEndpoints.reply(exchange, 404, "text/plain", "not found");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
