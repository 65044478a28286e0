package io.warren.apps;

import io.warren.api.Emitter;

import java.util.ArrayList;
import java.util.List;

/** An {@link Emitter} that keeps every pair, in order. */
final class RecordingEmitter implements Emitter {
    record Pair(String key, String value) {
    }

    private final List<Pair> pairs = new ArrayList<>();

    @Override
    public void emit(String key, String value) {
        pairs.add(new Pair(key, value));
    }

    List<Pair> pairs() {
        return pairs;
    }

    List<String> keys() {
        return pairs.stream().map(Pair::key).toList();
    }

    List<String> values() {
        return pairs.stream().map(Pair::value).toList();
    }
}
