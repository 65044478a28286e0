package io.warren.broker.rabbit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Broker URIs carry credentials; this is the only way one is turned into text for logs and messages. A URI may name
 * every node of a cluster with comma-separated hosts, {@code amqp://user:pass@node1:5672,node2:5672,node3/vhost}: one
 * user, password, virtual host and query for all of them; {@link #nodes} splits it into one URI per node.
 */
public final class AmqpUris {
    public static final URI LOCAL = URI.create("amqp://guest:guest@localhost:5672");

    /** The URI with any password replaced by {@code ***}. */
    public static String redact(URI uri) {
        String userInfo = userInfo(uri);
        if (userInfo == null) return uri.toString();
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return uri.toString().replace(userInfo + "@", user + (colon < 0 ? "" : ":***") + "@");
    }

    /** The raw {@code user[:password]} part, or null; also for a URI naming several hosts. */
    public static String userInfo(URI uri) {
        if (uri.getHost() != null || uri.getRawAuthority() == null) return uri.getRawUserInfo();
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        return at < 0 ? null : authority.substring(0, at);
    }

    /**
     * One URI per node the given URI names, in the order written: the URI itself when it names one host, else the
     * same user, password, virtual host and query on each of its comma-separated hosts.
     *
     * @throws IllegalArgumentException naming the URI without its password when a host is empty or malformed
     */
    public static List<URI> nodes(URI uri) {
        if (uri.getHost() != null) return List.of(uri);
        String authority = uri.getRawAuthority();
        if (authority == null || uri.getScheme() == null) {
            throw new IllegalArgumentException("invalid AMQP URI " + redact(uri) + ": expected amqp://[user[:password]@]host[:port][,host[:port]...][/vhost]");
        }
        String userInfo = userInfo(uri);
        String hosts = userInfo == null ? authority : authority.substring(userInfo.length() + 1);
        List<URI> nodes = new ArrayList<>();
        for (String host : hosts.split(",", -1)) {
            String raw = uri.getScheme() + "://" + (userInfo == null ? "" : userInfo + "@") + host.strip()
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            URI node;
            try {
                node = new URI(raw);
            } catch (URISyntaxException e) {
                node = null;
            }
            if (host.isBlank() || node == null || node.getHost() == null) {
                throw new IllegalArgumentException("invalid AMQP URI " + redact(uri) + ": the host \"" + host.strip()
                        + "\" is not a host name or host:port (IPv6 addresses cannot be listed; use names)");
            }
            nodes.add(node);
        }
        return List.copyOf(nodes);
    }

    private AmqpUris() {
    }
}
