package io.warren.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The small HTTP server behind a process's status page, metrics and health checks: GET only, every response
 * uncacheable, and a handler that fails answers nothing rather than taking the server down.
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);

    /** Answers one GET request. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange, String path) throws IOException;
    }

    private final HttpServer server;

    /**
     * @param threads how many requests are answered at once
     * @param what    what it serves, for the error when the port is taken
     */
    public HttpEndpoints(InetSocketAddress bind, int threads, String what, Handler handler) {
        try {
            server = HttpServer.create(bind, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + what + " on " + bind + " (is the port taken? set --http-port)", e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    reply(exchange, 405, "text/plain", "only GET");
                } else {
                    handler.handle(exchange, exchange.getRequestURI().getPath());
                }
            } catch (RuntimeException e) {
                log.warn("{} request {} failed: {}", what, exchange.getRequestURI().getPath(), e.toString());
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        }));
    }

    public void start() {
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
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
