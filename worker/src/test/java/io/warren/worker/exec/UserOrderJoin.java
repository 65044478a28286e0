package io.warren.worker.exec;

import io.warren.api.Grouping;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Reducer;

import java.util.Map;
import java.util.Optional;

/**
 * A reduce-side inner join for {@link JoinRunTest}: users ({@code id,name}) and orders ({@code order,user,amount}),
 * each input with its own mapper; the tag after the user id sorts a user's record before their orders.
 */
public final class UserOrderJoin implements MapReduceJob {
    @Override
    public Map<String, Mapper> mappers(JobContext job) {
        return Map.of(
                "users", (doc, line, out) -> {
                    String[] f = line.split(",");
                    out.emit(f[0] + "\t0", f[1]);
                },
                "orders", (doc, line, out) -> {
                    String[] f = line.split(",");
                    out.emit(f[1] + "\t1", f[0] + "," + f[2]);
                });
    }

    @Override
    public Optional<Grouping> grouping(JobContext job) {
        return Optional.of(Grouping.fields(1, '\t'));
    }

    @Override
    public Reducer reducer(JobContext job) {
        return (user, values, out) -> {
            String first = values.next();
            if (first.contains(",")) return; // an order whose user is missing: not in an inner join
            while (values.hasNext()) out.emit(user, first + "," + values.next());
        };
    }
}
