package io.warren.broker.local;

import io.warren.protocol.Json;
import io.warren.protocol.MalformedMessage;
import io.warren.broker.port.DeadLetter;
import io.warren.broker.port.Delivery;
import io.warren.broker.port.DurableQueue;
import io.warren.broker.port.Subscription;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * An in-memory queue with the broker semantics Warren relies on: prefetch, manual settlement, redelivery of what a
 * closed subscription held, and dead-lettering. Messages pass through the same JSON codec as on the wire, so local
 * mode exercises the real encoding. Deliveries to one subscription are sequential, on that subscription's own thread.
 */
final class LocalQueue<T> implements DurableQueue<T> {
    private final String name;
    private final Class<T> type;
    private final Consumer<DeadLetter> deadLetters;
    private final Object lock = new Object();
    /** Ready messages by priority, highest last; each level first in, first out, as RabbitMQ's priority queues do. */
    private final Deque<Message>[] ready = newLevels();
    private final List<Sub> subs = new ArrayList<>();
    private int nextSub;

    LocalQueue(String name, Class<T> type, Consumer<DeadLetter> deadLetters) {
        this.name = name;
        this.type = type;
        this.deadLetters = deadLetters;
    }

    @Override
    public void publish(List<T> messages) {
        synchronized (lock) {
            for (T m : messages) level(m).addLast(new Message(Json.encode(m), false, priority(m)));
            pump();
        }
    }

    @Override
    public Subscription subscribe(int prefetch, Consumer<Delivery<T>> handler) {
        if (prefetch < 1) throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
        Sub sub = new Sub(prefetch, handler);
        synchronized (lock) {
            subs.add(sub);
            pump();
        }
        return sub;
    }

    @Override
    public int consumers() {
        synchronized (lock) {
            return subs.size();
        }
    }

    @SuppressWarnings("unchecked")
    private static Deque<Message>[] newLevels() {
        Deque<Message>[] levels = new Deque[io.warren.protocol.Topology.MAX_PRIORITY + 1];
        for (int i = 0; i < levels.length; i++) levels[i] = new ArrayDeque<>();
        return levels;
    }

    private static int priority(Object message) {
        int p = message instanceof io.warren.protocol.Prioritized pr ? pr.priority() : 0;
        return Math.max(0, Math.min(io.warren.protocol.Topology.MAX_PRIORITY, p));
    }

    private Deque<Message> level(Object message) {
        return ready[priority(message)];
    }

    /** The highest non-empty priority level, or null. Caller holds the lock. */
    private Deque<Message> next() {
        for (int i = ready.length - 1; i >= 0; i--) {
            if (!ready[i].isEmpty()) return ready[i];
        }
        return null;
    }

    /** Hands ready messages to subscriptions with spare prefetch, round robin. Caller holds the lock. */
    private void pump() {
        Deque<Message> from;
        while ((from = next()) != null) {
            Sub target = null;
            for (int i = 0; i < subs.size() && target == null; i++) {
                Sub candidate = subs.get((nextSub + i) % subs.size());
                if (candidate.unsettled.size() < candidate.prefetch) {
                    target = candidate;
                    nextSub = (nextSub + i + 1) % subs.size();
                }
            }
            if (target == null) return;
            Message m = from.pollFirst();
            target.unsettled.add(m);
            Sub to = target;
            to.thread.execute(() -> to.deliver(m));
        }
    }

    private final class Sub implements Subscription {
        int prefetch; // guarded by lock
        final Consumer<Delivery<T>> handler;
        final Set<Message> unsettled = new HashSet<>();
        /** Delivered before the last prefetch change: still to be settled, but outside the current window. */
        final Set<Message> earlier = new HashSet<>();
        final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-" + name);
            t.setDaemon(true);
            return t;
        });
        boolean closed;

        Sub(int prefetch, Consumer<Delivery<T>> handler) {
            this.prefetch = prefetch;
            this.handler = handler;
        }

        void deliver(Message m) {
            synchronized (lock) {
                if (closed || !unsettled.contains(m)) return;
            }
            T decoded;
            try {
                decoded = Json.decode(m.body, type);
            } catch (MalformedMessage e) {
                settle(m, () -> deadLetters.accept(new DeadLetter(m.body, name, e.getMessage())));
                return;
            }
            handler.accept(new LocalDelivery(this, m, decoded));
        }

        void settle(Message m, Runnable action) {
            synchronized (lock) {
                // Already settled, or handed back when the subscription closed: nothing to do.
                if (!unsettled.remove(m) && !earlier.remove(m)) return;
                action.run();
                pump();
            }
        }

        @Override
        public void setPrefetch(int prefetch) {
            if (prefetch < 1) throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
            synchronized (lock) {
                if (prefetch == this.prefetch || closed) return;
                this.prefetch = prefetch; // a fresh window, as a new consumer gets on RabbitMQ
                earlier.addAll(unsettled);
                unsettled.clear();
                pump();
            }
        }

        @Override
        public void stopConsuming() {
            synchronized (lock) {
                subs.remove(this);
                nextSub = 0;
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) return;
                closed = true;
                subs.remove(this);
                nextSub = 0;
                earlier.addAll(unsettled);
                for (Message m : earlier) ready[m.priority].addFirst(new Message(m.body, true, m.priority));
                unsettled.clear();
                earlier.clear();
                pump();
            }
            thread.shutdown();
        }
    }

    private final class LocalDelivery implements Delivery<T> {
        private final Sub sub;
        private final Message raw;
        private final T message;

        LocalDelivery(Sub sub, Message raw, T message) {
            this.sub = sub;
            this.raw = raw;
            this.message = message;
        }

        @Override
        public T message() {
            return message;
        }

        @Override
        public boolean redelivered() {
            return raw.redelivered;
        }

        @Override
        public void ack() {
            sub.settle(raw, () -> { });
        }

        @Override
        public void requeue() {
            sub.settle(raw, () -> ready[raw.priority].addFirst(new Message(raw.body, true, raw.priority)));
        }

        @Override
        public void deadLetter(String reason) {
            sub.settle(raw, () -> deadLetters.accept(new DeadLetter(raw.body, name, reason)));
        }
    }

    /** Identity matters: two equal bodies are two messages. */
    private static final class Message {
        final byte[] body;
        final boolean redelivered;
        final int priority;

        Message(byte[] body, boolean redelivered, int priority) {
            this.body = body;
            this.redelivered = redelivered;
            this.priority = priority;
        }
    }
}
