package io.warren.apps;

import io.warren.api.Reducer;

/** Adds up decimal counts; shared by the counting jobs as reducer and combiner. */
final class Sum {
    static final Reducer REDUCER = (key, values, out) -> {
        long total = 0;
        while (values.hasNext()) {
            total += Long.parseLong(values.next());
        }
        out.emit(key, Long.toString(total));
    };

    private Sum() {
    }
}
