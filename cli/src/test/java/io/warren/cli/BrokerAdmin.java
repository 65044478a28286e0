package io.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.protocol.Json;
import io.warren.broker.testing.AmqpTestBroker;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The broker's management API and rabbitmqctl, for tests that inflict faults on the broker side. */
final class BrokerAdmin {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * Force-closes every connection whose name starts with the prefix, once at least {@code atLeast} of them are
     * listed (the management API learns of new connections a few seconds late); returns how many it closed.
     */
    static int closeConnections(String namePrefix, int atLeast) throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicReference<java.util.List<JsonNode>> listed = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> {
                    java.util.List<JsonNode> matching = new java.util.ArrayList<>();
                    for (JsonNode c : Json.MAPPER.readTree(send("GET", "/api/connections").body())) {
                        if (c.path("client_properties").path("connection_name").asText("").startsWith(namePrefix)) matching.add(c);
                    }
                    listed.set(matching);
                    return matching.size() >= atLeast;
                });
        int closed = 0;
        for (JsonNode c : listed.get()) {
            HttpResponse<String> r = send("DELETE", "/api/connections/" + URLEncoder.encode(c.get("name").asText(),
                    StandardCharsets.UTF_8).replace("+", "%20"));
            if (r.statusCode() / 100 == 2) closed++;
        }
        return closed;
    }

    private static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        URI amqp = AmqpTestBroker.uri();
        String userInfo = amqp.getUserInfo() == null ? "guest:guest" : amqp.getUserInfo();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + amqp.getHost() + ":15672" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
                .header("X-Reason", "warren fault test")
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                    + "; is the management plugin enabled (rabbitmq-plugins enable rabbitmq_management)?");
        }
        return response;
    }

    static void rabbitmqctl(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "rabbitmqctl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
    }

    private BrokerAdmin() {
    }
}
