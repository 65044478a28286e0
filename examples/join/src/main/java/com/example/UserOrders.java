package com.example;

import io.warren.api.Grouping;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.api.Reducer;

import java.util.Map;
import java.util.Optional;

/**
 * A reduce-side join: each order ({@code order,user,amount}) with its user's name ({@code users}: {@code id,name}),
 * as {@code user name,order,amount} lines; orders of a user who is not in the users file are left out (an inner join).
 *
 * <p>Each input has its own mapper. Both key their pairs by user id and a tag, {@code 0} for the user and {@code 1} for
 * an order, and the job groups by the id alone: one reduce call per user, whose values come in key order, the user's
 * name first. The value's first character says which input it came from.
 *
 * <pre>{@code
 * warren run --jar join.jar --app com.example.UserOrders \
 *     --input-mapper users=data/users.csv --input-mapper orders='data/orders/*.csv' --output out/joined
 * }</pre>
 */
public final class UserOrders implements MapReduceJob {
    @Override
    public Map<String, Mapper> mappers(JobContext job) {
        return Map.of(
                "users", (file, line, out) -> {
                    int comma = line.indexOf(',');
                    out.emit(line.substring(0, comma) + "\t0", "U" + line.substring(comma + 1));
                },
                "orders", (file, line, out) -> {
                    String[] f = line.split(",", 3);
                    out.emit(f[1] + "\t1", "O" + f[0] + "," + f[2]);
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
            if (first.charAt(0) != 'U') return; // no such user: its orders drop out of an inner join
            String name = first.substring(1);
            while (values.hasNext()) out.emit(user, name + "," + values.next().substring(1));
        };
    }
}
