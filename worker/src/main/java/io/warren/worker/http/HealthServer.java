package io.warren.worker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.warren.worker.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

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
    private final HttpServer server;
    private final Worker worker;

    public HealthServer(InetSocketAddress bind, Worker worker) {
        this.worker = worker;
        try {
            server = HttpServer.create(bind, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve worker health on " + bind + " (is the port taken? set --http-port)", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "worker-http");
            t.setDaemon(true);
            return t;
        }));
    }

    public void start() {
        server.start();
        log.info("worker metrics and health at http://{}:{}/metrics", server.getAddress().getHostString(),
                server.getAddress().getPort());
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "text/plain", "only GET");
            } else if (path.equals("/metrics")) {
                reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", worker.metrics().scrape());
            } else if (path.equals("/health/live") || path.equals("/healthz")) {
                boolean live = worker.isLive();
                reply(exchange, live ? 200 : 503, "text/plain", live ? "ok" : "stopped");
            } else if (path.equals("/health/ready")) {
                boolean ready = worker.isReady();
                reply(exchange, ready ? 200 : 503, "text/plain", ready ? "ready" : "not taking tasks");
            } else {
                reply(exchange, 404, "text/plain", "not found");
            }
        } catch (RuntimeException e) {
            log.warn("health request {} failed: {}", exchange.getRequestURI().getPath(), e.toString());
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
