package io.warren.protocol.testing;

import io.warren.protocol.InputSplit;
import io.warren.protocol.JobRef;
import io.warren.protocol.MapTask;

import java.util.Map;

/** Test builder: {@code Tasks.aMapTask().number(3).attempt(2).build()}. */
public final class Tasks {
    private String jobId = "job-1";
    private int number;
    private int attempt = 1;
    private String app = "wordcount";
    private Map<String, String> params = Map.of();
    private String input = "in/a.txt";
    private int reduces = 2;
    private int priority;

    public static Tasks aMapTask() {
        return new Tasks();
    }

    public Tasks job(String id) {
        this.jobId = id;
        return this;
    }

    public Tasks number(int n) {
        this.number = n;
        return this;
    }

    public Tasks attempt(int a) {
        this.attempt = a;
        return this;
    }

    public Tasks app(String a) {
        this.app = a;
        return this;
    }

    public Tasks params(Map<String, String> p) {
        this.params = p;
        return this;
    }

    public Tasks input(String path) {
        this.input = path;
        return this;
    }

    public Tasks reduces(int r) {
        this.reduces = r;
        return this;
    }

    public Tasks priority(int p) {
        this.priority = p;
        return this;
    }

    public MapTask build() {
        return new MapTask(jobId, number, attempt, new JobRef(app, null, params), java.util.List.of(InputSplit.wholeFile(input, 10)), reduces,
                1_000, java.util.List.of(), priority);
    }
}
