package io.warren.broker.rabbit;

import io.warren.broker.Backoff;
import io.warren.broker.port.BrokerUnavailable;
import io.warren.broker.port.ProgressFeed;
import io.warren.broker.port.Subscription;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Job progress, each job's on routing keys of its own, and refusals of a spec on keys of that spec's own. */
final class RabbitProgressFeed implements ProgressFeed {
    private final ExchangeFeed feed;
    private final Topology topology;
    private final QueueType queueType;
    private final Duration giveUpAfter;

    RabbitProgressFeed(ExchangeFeed feed, Topology topology, QueueType queueType, Duration giveUpAfter) {
        this.feed = feed;
        this.topology = topology;
        this.queueType = queueType;
        this.giveUpAfter = giveUpAfter;
    }

    @Override
    public void publish(JobUpdate update) {
        feed.publish(Topology.progressRoutingKey(update.jobId()), update, "progress update for job=" + update.jobId());
    }

    @Override
    public Subscription follow(String jobId, Consumer<JobUpdate> listener) {
        return listen(jobId, List.of(Topology.progressRoutingKey(jobId)), listener);
    }

    @Override
    public Subscription follow(JobSpec spec, Consumer<JobUpdate> listener) {
        return listen(spec.jobId(), List.of(Topology.progressRoutingKey(spec.jobId()),
                Topology.refusalRoutingKey(spec.jobId(), spec.fingerprint())), listener);
    }

    @Override
    public void refuse(JobSpec spec, JobUpdate refusal) {
        feed.publish(Topology.refusalRoutingKey(spec.jobId(), spec.fingerprint()), refusal,
                "refusal for job=" + spec.jobId());
    }

    /** Follows, trying again for a while if the connection is being recovered at this moment. */
    private Subscription listen(String jobId, List<String> routingKeys, Consumer<JobUpdate> listener) {
        try {
            return Backoff.retry(giveUpAfter, () -> listenOnce(jobId, routingKeys, listener));
        } catch (Backoff.GaveUp e) {
            throw new BrokerUnavailable("cannot follow job " + jobId + " within " + giveUpAfter, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailable("interrupted while following job " + jobId, e);
        }
    }

    private Subscription listenOnce(String jobId, List<String> routingKeys, Consumer<JobUpdate> listener) {
        // Durable, so that updates published while this client is cut off wait for it; it expires when unused. On
        // quorum queues it is one too, so it outlives the loss of the node it was declared on.
        String queue = topology.progressExchange() + "." + jobId + "." + UUID.randomUUID();
        Map<String, Object> arguments = queueType == QueueType.QUORUM
                ? Map.of("x-expires", 600_000, "x-queue-type", "quorum") : Map.of("x-expires", 600_000);
        return feed.listen(ExchangeFeed.ListenerQueue.durable(queue, arguments), routingKeys, JobUpdate.class, listener,
                "progress updates for job=" + jobId);
    }
}
