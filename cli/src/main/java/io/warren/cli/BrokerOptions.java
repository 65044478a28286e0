package io.warren.cli;

import io.warren.protocol.Topology;
import io.warren.broker.rabbit.AmqpUris;
import io.warren.broker.rabbit.QueueType;
import io.warren.broker.rabbit.RabbitBroker;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the broker is and how to log in. Credentials come from the URI (usually through the environment) or from a
 * password file (a mounted secret); they are only ever printed redacted, and the guest account is refused anywhere
 * but on this machine.
 */
final class BrokerOptions {
    @Option(names = "--amqp", paramLabel = "URI", defaultValue = "${env:WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}",
            description = "RabbitMQ URI, amqp:// or amqps:// (env WARREN_AMQP_URI; default the local broker as guest). For a"
                    + " cluster, list every node: amqp://USER@node1:5672,node2:5672,node3:5672/VHOST.",
            showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
    URI amqp = AmqpUris.LOCAL;

    @Option(names = "--amqp-password-file", paramLabel = "FILE", defaultValue = "${env:WARREN_AMQP_PASSWORD_FILE}",
            description = "Read the broker password from this file, for example a mounted secret (env WARREN_AMQP_PASSWORD_FILE).")
    Path passwordFile;

    @Option(names = "--amqp-ca-file", paramLabel = "PEM", defaultValue = "${env:WARREN_AMQP_CA_FILE}",
            description = "For amqps://, the CA certificate(s) the broker's certificate must chain to (env WARREN_AMQP_CA_FILE;"
                    + " default the JVM's trust store). The host name is always verified.")
    Path caFile;

    @Option(names = "--topology-prefix", paramLabel = "PREFIX", hidden = true,
            defaultValue = "${env:WARREN_TOPOLOGY_PREFIX:-warren}",
            description = "Prefix of every queue and exchange name (for tests and side-by-side installations).")
    String prefix = Topology.DEFAULT_PREFIX;

    @Option(names = "--queue-type", paramLabel = "TYPE", defaultValue = "${env:WARREN_QUEUE_TYPE:-classic}",
            converter = QueueTypeConverter.class,
            description = "classic (default) or quorum: the kind of RabbitMQ queue for jobs, tasks, events and control"
                    + " (env WARREN_QUEUE_TYPE). Use quorum on a RabbitMQ cluster; every Warren process must use the same.")
    QueueType queueType = QueueType.CLASSIC;

    static final class QueueTypeConverter implements picocli.CommandLine.ITypeConverter<QueueType> {
        @Override
        public QueueType convert(String value) {
            return QueueType.parse(value);
        }
    }

    RabbitBroker connect(String role) {
        return RabbitBroker.connect(effectiveUri(), caFile, new Topology(prefix), queueType,
                "warren-" + role + "-" + ProcessHandle.current().pid());
    }

    URI effectiveUri() {
        URI uri = passwordFile == null ? amqp : withPassword(amqp, readPassword(passwordFile));
        String userInfo = AmqpUris.userInfo(uri);
        String user = userInfo == null ? "guest" : userInfo.split(":", 2)[0];
        if ("guest".equals(user) && !AmqpUris.nodes(uri).stream().allMatch(node -> isLocal(node.getHost()))) {
            throw new IllegalArgumentException("refusing to log in to " + AmqpUris.redact(uri) + " as guest: RabbitMQ"
                    + " allows guest only on localhost; put a user in WARREN_AMQP_URI (amqp://USER@HOST) and its password"
                    + " in the URI or in WARREN_AMQP_PASSWORD_FILE");
        }
        return uri;
    }

    private static boolean isLocal(String host) {
        return host == null || host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")
                || host.equals("[::1]");
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker password file " + file, e);
        }
    }

    static URI withPassword(URI uri, String password) {
        String userInfo = AmqpUris.userInfo(uri);
        String user = userInfo == null ? "guest" : java.net.URLDecoder.decode(userInfo.split(":", 2)[0],
                StandardCharsets.UTF_8);
        String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            String raw = uri.getScheme() + "://" + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20")
                    + ":" + encoded + "@" + uri.getRawAuthority()
                    .substring(uri.getRawAuthority().indexOf('@') + 1) + (uri.getRawPath() == null ? "" : uri.getRawPath());
            return new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid broker URI " + AmqpUris.redact(uri));
        }
    }
}
