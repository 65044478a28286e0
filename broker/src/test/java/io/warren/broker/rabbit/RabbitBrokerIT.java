package io.warren.broker.rabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.Topology;
import io.warren.broker.port.Broker;
import io.warren.broker.port.BrokerContract;
import io.warren.broker.port.DeadLetter;
import io.warren.broker.port.Delivery;
import io.warren.broker.testing.AmqpTestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.warren.protocol.testing.Tasks.aMapTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The contract against a real RabbitMQ, plus the broker behaviour Warren depends on that only a real broker has. */
class RabbitBrokerIT extends BrokerContract {
    private Topology topology;

    @Override
    protected Broker newBroker() {
        topology = AmqpTestBroker.uniqueTopology(getClass().getSimpleName());
        return AmqpTestBroker.connect(topology);
    }

    @Override
    protected void afterEachBroker(Broker b) {
        ((RabbitBroker) b).deleteTopology();
    }

    private void publishRaw(byte[] body) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(AmqpTestBroker.uri());
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.basicPublish("", topology.tasksQueue(), null, body);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "{\"v\":2,\"type\":\"map\"}", "{\"v\":1,\"type\":\"map\"}",
            "{\"v\":1,\"type\":\"teleport\",\"jobId\":\"j\"}"})
    void aMalformedMessageIsDeadLetteredWithAReasonAndTheConsumerGoesOn(String body) throws Exception {
        List<TaskMessage> got = new CopyOnWriteArrayList<>();
        subscribe(1, d -> {
            got.add(d.message());
            d.ack();
        });
        publishRaw(body.getBytes(StandardCharsets.UTF_8));
        TaskMessage good = aMapTask().number(1).build();
        broker.tasks().publish(good);

        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
        assertThat(got).containsExactly(good);
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            letters.addAll(broker.takeDeadLetters(10));
            return !letters.isEmpty();
        });
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.sourceQueue()).isEqualTo(topology.tasksQueue());
            assertThat(l.reason()).isNotBlank().isNotEqualTo("rejected");
            assertThat(l.bodyText()).isEqualTo(body);
        });
    }

    @Test
    void binaryGarbageIsDeadLetteredToo() throws Exception {
        byte[] garbage = new byte[512];
        new java.util.Random(7).nextBytes(garbage);
        publishRaw(garbage);
        List<TaskMessage> got = new CopyOnWriteArrayList<>();
        subscribe(1, d -> {
            got.add(d.message());
            d.ack();
        });
        broker.tasks().publish(aMapTask().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> !broker.takeDeadLetters(10).isEmpty());
    }

    @Test
    void anUnackedTaskComesBackWhenTheConsumersConnectionDies() {
        RabbitBroker dying = AmqpTestBroker.connect(topology);
        List<Delivery<TaskMessage>> held = new CopyOnWriteArrayList<>();
        dying.tasks().subscribe(1, held::add);
        broker.tasks().publish(aMapTask().number(4).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> held.size() == 1);
        dying.close();

        List<Delivery<TaskMessage>> got = new CopyOnWriteArrayList<>();
        subscribe(1, d -> {
            got.add(d);
            d.ack();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
        assertThat(got.get(0).redelivered()).isTrue();
        assertThat(got.get(0).message()).isEqualTo(held.get(0).message());
    }

    @Test
    void declaringTheTopologyAgainIsHarmless() {
        try (RabbitBroker again = AmqpTestBroker.connect(topology)) {
            again.tasks().publish(aMapTask().build());
        }
        List<TaskMessage> got = new CopyOnWriteArrayList<>();
        subscribe(1, d -> {
            got.add(d.message());
            d.ack();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
    }
}
