package io.warren.cli;

import io.warren.protocol.Topology;
import io.warren.protocol.rabbit.AmqpUris;
import io.warren.protocol.rabbit.RabbitBroker;
import picocli.CommandLine.Option;

import java.net.URI;

/** Where the broker is. The URI may carry credentials; it is only ever printed redacted. */
final class BrokerOptions {
    @Option(names = "--amqp", paramLabel = "URI", defaultValue = "${env:WARREN_AMQP_URI:-amqp://guest:guest@localhost:5672}",
            description = "RabbitMQ URI (env WARREN_AMQP_URI; default the local broker, ${DEFAULT-VALUE}).",
            showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
    URI amqp = AmqpUris.LOCAL;

    @Option(names = "--topology-prefix", paramLabel = "PREFIX", hidden = true,
            defaultValue = "${env:WARREN_TOPOLOGY_PREFIX:-warren}",
            description = "Prefix of every queue and exchange name (for tests and side-by-side installations).")
    String prefix = Topology.DEFAULT_PREFIX;

    RabbitBroker connect(String role) {
        return RabbitBroker.connect(amqp, new Topology(prefix), "warren-" + role + "-" + ProcessHandle.current().pid());
    }
}
