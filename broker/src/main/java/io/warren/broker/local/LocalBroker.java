package io.warren.broker.local;

import io.warren.protocol.ControlAnswer;
import io.warren.protocol.JobCommand;
import io.warren.protocol.JobSpec;
import io.warren.protocol.JobUpdate;
import io.warren.protocol.Json;
import io.warren.protocol.MalformedMessage;
import io.warren.protocol.TaskMessage;
import io.warren.protocol.Topology;
import io.warren.protocol.WorkerBeacon;
import io.warren.protocol.WorkerEvent;
import io.warren.broker.port.Broker;
import io.warren.broker.port.CommitAnswers;
import io.warren.broker.port.ControlAnswers;
import io.warren.broker.port.DeadLetter;
import io.warren.broker.port.DurableQueue;
import io.warren.broker.port.Leadership;
import io.warren.broker.port.ProgressFeed;
import io.warren.broker.port.Subscription;
import io.warren.broker.port.WorkerBeacons;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/** The in-process broker behind local mode: the same ports as RabbitMQ, held in memory, gone with the process. */
public final class LocalBroker implements Broker {
    private final Topology topology = Topology.standard();
    private final Deque<DeadLetter> deadLetters = new ArrayDeque<>();
    private final LocalQueue<JobSpec> jobs = new LocalQueue<>(topology.jobsQueue(), JobSpec.class, this::deadLetter);
    private final LocalQueue<TaskMessage> tasks = new LocalQueue<>(topology.tasksQueue(), TaskMessage.class, this::deadLetter);
    private final LocalQueue<WorkerEvent> events = new LocalQueue<>(topology.eventsQueue(), WorkerEvent.class, this::deadLetter);
    private final LocalQueue<JobCommand> control = new LocalQueue<>(topology.controlQueue(), JobCommand.class, this::deadLetter);
    private final Map<String, List<Consumer<JobUpdate>>> followers = new ConcurrentHashMap<>();
    private final Semaphore leader = new Semaphore(1);
    private final List<Consumer<WorkerBeacon>> beaconListeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Consumer<ControlAnswer>>> answerListeners = new ConcurrentHashMap<>();
    private final LocalCommitAnswers commits = new LocalCommitAnswers();

    @Override
    public DurableQueue<JobSpec> jobs() {
        return jobs;
    }

    @Override
    public DurableQueue<TaskMessage> tasks() {
        return tasks;
    }

    @Override
    public DurableQueue<WorkerEvent> events() {
        return events;
    }

    @Override
    public DurableQueue<JobCommand> control() {
        return control;
    }

    /** In one process there is nothing to lose the lease to but closing it. */
    @Override
    public Leadership.Lease awaitLeadership(String holder) throws InterruptedException {
        leader.acquire();
        CountDownLatch released = new CountDownLatch(1);
        return new Leadership.Lease() {
            @Override
            public void awaitLoss() throws InterruptedException {
                released.await();
            }

            @Override
            public boolean isHeld() {
                return released.getCount() > 0;
            }

            @Override
            public void close() {
                if (released.getCount() > 0) {
                    released.countDown();
                    leader.release();
                }
            }
        };
    }

    @Override
    public ProgressFeed progress() {
        return new ProgressFeed() {
            @Override
            public void publish(JobUpdate update) {
                followers.getOrDefault(update.jobId(), List.of()).forEach(l -> l.accept(update));
            }

            @Override
            public Subscription follow(String jobId, Consumer<JobUpdate> listener) {
                return listen(jobId, listener);
            }

            @Override
            public Subscription follow(JobSpec spec, Consumer<JobUpdate> listener) {
                Subscription job = listen(spec.jobId(), listener);
                Subscription refusal = listen(Topology.refusalRoutingKey(spec.jobId(), spec.fingerprint()), listener);
                return () -> {
                    job.close();
                    refusal.close();
                };
            }

            @Override
            public void refuse(JobSpec spec, JobUpdate refusal) {
                followers.getOrDefault(Topology.refusalRoutingKey(spec.jobId(), spec.fingerprint()), List.of())
                        .forEach(l -> l.accept(refusal));
            }

            private Subscription listen(String key, Consumer<JobUpdate> listener) {
                followers.computeIfAbsent(key, id -> new CopyOnWriteArrayList<>()).add(listener);
                return () -> followers.getOrDefault(key, List.of()).remove(listener);
            }
        };
    }

    @Override
    public ControlAnswers answers() {
        return new ControlAnswers() {
            @Override
            public void answer(ControlAnswer answer) {
                // Through the codec, as on the wire; a listener gets its own copy.
                byte[] body = Json.encode(answer);
                answerListeners.getOrDefault(answer.requestId(), List.of()).forEach(l -> {
                    try {
                        l.accept(Json.decode(body, ControlAnswer.class));
                    } catch (MalformedMessage e) {
                        throw new IllegalStateException("an answer that does not decode: " + e.getMessage(), e);
                    }
                });
            }

            @Override
            public Subscription listen(String requestId, Consumer<ControlAnswer> listener) {
                ControlAnswer.checkRequestId(requestId);
                answerListeners.computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>()).add(listener);
                return () -> answerListeners.computeIfPresent(requestId, (id, ls) -> {
                    ls.remove(listener);
                    return ls.isEmpty() ? null : ls;
                });
            }
        };
    }

    @Override
    public CommitAnswers commits() {
        return commits;
    }

    @Override
    public WorkerBeacons beacons() {
        return new WorkerBeacons() {
            @Override
            public void announce(WorkerBeacon beacon) {
                beaconListeners.forEach(l -> l.accept(beacon));
            }

            @Override
            public Subscription listen(Consumer<WorkerBeacon> listener) {
                beaconListeners.add(listener);
                return () -> beaconListeners.remove(listener);
            }
        };
    }

    private void deadLetter(DeadLetter letter) {
        synchronized (deadLetters) {
            deadLetters.addLast(letter);
        }
    }

    @Override
    public List<DeadLetter> takeDeadLetters(int max) {
        synchronized (deadLetters) {
            List<DeadLetter> out = new ArrayList<>();
            while (out.size() < max && !deadLetters.isEmpty()) out.add(deadLetters.pollFirst());
            return out;
        }
    }

    @Override
    public void close() {
        followers.clear();
        beaconListeners.clear();
        answerListeners.clear();
        commits.clear();
    }
}
