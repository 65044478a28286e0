package io.warren.coordinator.storage;

import io.warren.api.InvalidJobException;
import io.warren.api.JobContext;
import io.warren.api.MapReduceJob;
import io.warren.api.Mapper;
import io.warren.protocol.JobSpec;
import io.warren.protocol.Printable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a job spec's {@code inputMappers} against the job at submission, so that a misspelt input or mapper fails the
 * job at once with a message naming it, instead of failing every map task on the workers.
 */
final class InputMappers {
    static void check(JobSpec spec, MapReduceJob job, JobContext context) {
        Map<String, String> byInput = spec.inputMappers() == null ? Map.of() : spec.inputMappers();
        Set<String> offered = new TreeSet<>(job.mappers(context).keySet());
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(byInput).entrySet()) {
            if (!spec.inputs().contains(e.getKey())) {
                throw new InvalidJobException("\"inputMappers\" names input " + Printable.quote(e.getKey())
                        + ", which is not one of the job's inputs " + spec.inputs());
            }
            if (!offered.contains(e.getValue())) {
                throw new InvalidJobException("unknown mapper " + Printable.quote(e.getValue()) + " for input "
                        + Printable.quote(e.getKey()) + ": app " + spec.app() + " offers "
                        + (offered.isEmpty() ? "no named mappers (it overrides no mappers())" : offered));
            }
        }
        List<String> plain = new ArrayList<>();
        for (String input : spec.inputs()) if (!byInput.containsKey(input)) plain.add(input);
        if (plain.isEmpty() || offered.isEmpty()) return; // a job without named mappers has its default one
        Mapper fallback;
        try {
            fallback = job.mapper(context);
        } catch (InvalidJobException e) {
            throw new InvalidJobException("input(s) " + plain + " name no mapper: " + e.getMessage(), e);
        }
        if (fallback == null) throw new InvalidJobException("app " + spec.app() + " returned no mapper for input(s) " + plain);
    }

    private InputMappers() {
    }
}
