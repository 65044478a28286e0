package io.warren.broker.local;

import io.warren.broker.port.CommitAnswers;
import io.warren.broker.port.Subscription;
import io.warren.protocol.CommitAnswer;
import io.warren.protocol.Json;
import io.warren.protocol.MalformedMessage;
import io.warren.protocol.WorkerIds;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Commit answers in one process: handed to the listeners of the worker they name, through the codec as on the wire. */
final class LocalCommitAnswers implements CommitAnswers {
    private final Map<String, List<Consumer<CommitAnswer>>> listeners = new ConcurrentHashMap<>();

    @Override
    public void answer(CommitAnswer answer) {
        byte[] body = Json.encode(answer);
        listeners.getOrDefault(answer.workerId(), List.of()).forEach(l -> {
            try {
                l.accept(Json.decode(body, CommitAnswer.class));
            } catch (MalformedMessage e) {
                throw new IllegalStateException("a commit answer that does not decode: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Subscription listen(String workerId, Consumer<CommitAnswer> listener) {
        WorkerIds.check(workerId);
        listeners.computeIfAbsent(workerId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(workerId, (id, ls) -> {
            ls.remove(listener);
            return ls.isEmpty() ? null : ls;
        });
    }

    void clear() {
        listeners.clear();
    }
}
