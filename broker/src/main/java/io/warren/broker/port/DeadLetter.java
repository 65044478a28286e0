package io.warren.broker.port;

/** A message no consumer could accept: its raw body, the queue it came from, and why it was rejected. */
public record DeadLetter(byte[] body, String sourceQueue, String reason) {
    public String bodyText() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
