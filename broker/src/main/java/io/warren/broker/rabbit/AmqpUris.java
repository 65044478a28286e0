package io.warren.broker.rabbit;

import java.net.URI;

/** Broker URIs carry credentials; this is the only way one is turned into text for logs and messages. */
public final class AmqpUris {
    public static final URI LOCAL = URI.create("amqp://guest:guest@localhost:5672");

    /** The URI with any password replaced by {@code ***}. */
    public static String redact(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) return uri.toString();
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return uri.toString().replace(userInfo + "@", user + (colon < 0 ? "" : ":***") + "@");
    }

    private AmqpUris() {
    }
}
