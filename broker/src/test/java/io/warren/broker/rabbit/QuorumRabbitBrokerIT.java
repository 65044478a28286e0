package io.warren.broker.rabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.port.Broker;
import io.warren.broker.port.BrokerContract;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.DeadLetter;
import io.warren.broker.port.Delivery;
import io.warren.broker.testing.AmqpTestBroker;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.warren.protocol.testing.Tasks.aMapTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The broker contract on quorum queues (a single RabbitMQ node runs them as well as a cluster), plus what quorum queues
 * change: their type shows on the broker, a classic queue of the same name is refused with a way out, and what the
 * broker's own delivery limit dead-letters still carries a reason.
 */
class QuorumRabbitBrokerIT extends BrokerContract {
    private Topology topology;

    @Override
    protected Broker newBroker() {
        topology = AmqpTestBroker.uniqueTopology(getClass().getSimpleName());
        return AmqpTestBroker.connect(topology, QueueType.QUORUM);
    }

    @Override
    protected void afterEachBroker(Broker b) {
        ((RabbitBroker) b).deleteTopology();
    }

    @Override
    protected int priorityBand(int priority) {
        return QueueType.QUORUM.band(priority);
    }

    private static Connection rawConnection() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(AmqpTestBroker.uri());
        return f.newConnection();
    }

    @Test
    void everyWorkQueueAndTheDeadLetterQueueAreQuorumQueuesAndTheCoordinatorsHaveASingleActiveConsumer() throws Exception {
        try (Connection c = rawConnection(); Channel ch = c.createChannel()) {
            for (String queue : QueueType.QUORUM.workQueues(topology)) {
                // A passive declaration with the classic type's arguments would succeed on a classic queue only.
                assertThat(QueueType.QUORUM.arguments(topology, queue)).containsEntry("x-queue-type", "quorum")
                        .containsEntry("x-dead-letter-strategy", "at-least-once");
                ch.queueDeclare(queue, true, false, false, QueueType.QUORUM.arguments(topology, queue));
            }
            assertThat(QueueType.QUORUM.arguments(topology, topology.jobsQueue()))
                    .containsEntry("x-single-active-consumer", true);
            assertThat(QueueType.QUORUM.arguments(topology, topology.tasksQueue()))
                    .doesNotContainKey("x-single-active-consumer");
        }
        try (Connection c = rawConnection()) {
            Channel ch = c.createChannel(); // the broker closes it on the refusal
            assertThatThrownBy(() -> ch.queueDeclare(topology.tasksQueue(), true, false, false,
                    topology.workQueueArguments(topology.tasksQueue()))).hasStackTraceContaining("PRECONDITION_FAILED");
        }
    }

    @Test
    void aClassicQueueOfTheSameNameIsRefusedWithAMessageSayingWhatToDo() {
        Topology classic = AmqpTestBroker.uniqueTopology("QuorumMismatch");
        RabbitBroker existing = AmqpTestBroker.connect(classic, QueueType.CLASSIC);
        try {
            assertThatThrownBy(() -> AmqpTestBroker.connect(classic, QueueType.QUORUM))
                    .isInstanceOf(BrokerUnavailable.class)
                    .hasMessageContaining("exists as a classic queue")
                    .hasMessageContaining("--queue-type")
                    .hasMessageContaining("delete_queue");
        } finally {
            existing.deleteTopology();
            existing.close();
        }
    }

    @Test
    void aHandedBackTaskComesBackRedeliveredWithoutSpendingTheDeliveryLimit() {
        List<Delivery<TaskMessage>> got = new CopyOnWriteArrayList<>();
        subscribe(1, d -> {
            got.add(d);
            if (got.size() <= QueueType.DELIVERY_LIMIT + 2) d.requeue();
            else d.ack();
        });
        broker.tasks().publish(aMapTask().number(3).build());

        await().atMost(Duration.ofSeconds(60)).until(() -> got.size() == QueueType.DELIVERY_LIMIT + 3);
        assertThat(got.subList(1, got.size())).allMatch(Delivery::redelivered);
        assertThat(broker.takeDeadLetters(10)).isEmpty();
    }

    @Test
    void aMessageWhoseConsumersAreLostOverAndOverIsDeadLetteredWithTheBrokersReason() throws Exception {
        broker.tasks().publish(aMapTask().number(4).build());
        for (int i = 0; i <= QueueType.DELIVERY_LIMIT; i++) {
            // A consumer that takes the task and dies: its channel closes with the delivery unsettled.
            try (Connection c = rawConnection()) {
                Channel ch = c.createChannel();
                await().atMost(Duration.ofSeconds(20)).until(() -> ch.basicGet(topology.tasksQueue(), false) != null);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !peekDeadLetters().isEmpty());
        List<DeadLetter> dead = broker.takeDeadLetters(10);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).reason()).contains("delivery limit");
        assertThat(dead.get(0).sourceQueue()).isEqualTo(topology.tasksQueue());
    }

    private List<Long> peekDeadLetters() throws Exception {
        try (Connection c = rawConnection(); Channel ch = c.createChannel()) {
            long n = ch.queueDeclarePassive(topology.deadLetterQueue()).getMessageCount();
            return n == 0 ? List.of() : List.of(n);
        }
    }
}
