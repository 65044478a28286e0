#!/usr/bin/env python3
"""Where a shuffle-heavy job's samples go, by phase, from a JFR recording (issue 23).

Usage: bench/jfr-phases.py RECORDING.jfr [JFR_TOOL]
Record with, for example:
  WARREN_JAVA_OPTS="-XX:+UseParallelGC -Xmx768m -XX:StartFlightRecording=filename=run.jfr,settings=profile \
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" ./warren run --workers 2 ...
Each Java and native execution sample is given to the first phase that one of its frames names, from the top of
the stack down; a thread waiting (park, sleep, socket, fsync) is not counted. Without -XX:+DebugNonSafepoints the
JIT's debug information puts the cost of a cache miss or an intrinsic on a nearby line (the LZ4 compressor's
maxCompressedLength, for example), so read the phases of such a recording with care.
"""
import collections
import json
import subprocess
import sys

PHASES = [
    ("compress", ["Codec.compress", "LZ4Compressor", "LZ4JNI.LZ4_compress"]),
    ("decompress", ["Codec.decompress", "Decompressor", "LZ4JNI.LZ4_decompress"]),
    ("sort", ["PrefixSort", "SortBuffer.sort", "KeyTable.sort", "DistinctKeys.sort"]),
    ("sample", ["KeySample", "SplitPoints.of", "MapRunner.partitioner"]),
    ("spill write", ["RunWriter", "SpillFile", "SortedPairs$Combine"]),
    ("run read", ["RunReader"]),
    ("merge", ["Merger", "MergeSource"]),
    ("reduce and output", ["ReduceRunner", "Group.", "LineOutput", "apps.Indexer$", "apps.Sort$"]),
    ("partition", ["Partitioner", "SplitPoints", "Partitions"]),
    ("map buffer", ["SortBuffer.add", "KeyedPairs", "DistinctKeys", "KeyTable", "StringKeys", "MapOutput.add",
                    "MapEmitter"]),
    ("mapper", ["apps.", "Words"]),
    ("read input", ["LineReader", "MapRunner.feed"]),
    ("final files", ["FinalFiles"]),
]
WAITING = ["Object.wait", "Unsafe.park", "Thread.sleep", "epoll", "accept", "socketRead", "LockSupport", "force0"]


def phase(frames):
    for frame in frames:
        for name, patterns in PHASES:
            if any(p in frame for p in patterns):
                return name
    return "other (JVM start, class loading, coordinator)"


def main():
    jfr = sys.argv[2] if len(sys.argv) > 2 else "jfr"
    printed = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events",
                              "jdk.ExecutionSample,jdk.NativeMethodSample", sys.argv[1]],
                             capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    for event in json.loads(printed)["recording"]["events"]:
        stack = event["values"].get("stackTrace")
        if not stack:
            continue
        frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in stack["frames"]]
        if any(w in frames[0] for w in WAITING):
            continue
        if event["type"] == "jdk.NativeMethodSample" and not any("warren" in f for f in frames):
            continue
        counts[phase(frames)] += 1
    total = sum(counts.values())
    for name, n in counts.most_common():
        print(f"{name:50s} {n:6d} {100 * n / total:5.1f} %")
    print(f"{'samples':50s} {total:6d}")


if __name__ == "__main__":
    main()
