#!/usr/bin/env python3
"""CPU time and bytes written so far by processes and their threads, from /proc, for bench scripts.

  cpu-snapshot.py NAME=PID ... > snapshot.json        # one snapshot
  cpu-snapshot.py --diff BEFORE.json AFTER.json TASKS  # CPU and bytes written per task per process, busiest threads

Threads are grouped by name with trailing digits dropped (C2 CompilerThread0 and 1 count as one line). Bytes written
are /proc/PID/io's write_bytes (what the process sent to the storage: pages it dirtied, so a page written again after a
sync counts again) and wchar (what it passed to write calls, sockets included); a process of another user (the
broker) may not show them.
"""
import json
import os
import re
import sys

TICK = os.sysconf("SC_CLK_TCK")


def stat(path):
    with open(path) as f:
        text = f.read()
    comm = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    return comm, int(fields[11]), int(fields[12])  # utime, stime in ticks


def io(pid):
    try:
        with open(f"/proc/{pid}/io") as f:
            fields = dict(line.split(": ") for line in f.read().splitlines())
        return {"write_bytes": int(fields["write_bytes"]), "wchar": int(fields["wchar"])}
    except (OSError, KeyError, ValueError):
        return None


def snapshot(pids):
    out = {}
    for name, pid in pids:
        proc = {"threads": {}}
        try:
            _, proc["user"], proc["sys"] = stat(f"/proc/{pid}/stat")
            proc["io"] = io(pid)
            for tid in os.listdir(f"/proc/{pid}/task"):
                try:
                    comm, u, s = stat(f"/proc/{pid}/task/{tid}/stat")
                except OSError:
                    continue
                proc["threads"][tid] = [comm, u, s]
        except OSError:
            continue
        out[name] = proc
    return out


def diff(before, after, tasks):
    lines = []
    total = 0.0
    for name, a in after.items():
        b = before.get(name)
        if b is None:
            continue
        user = (a["user"] - b["user"]) / TICK
        sys_ = (a["sys"] - b["sys"]) / TICK
        total += user + sys_
        lines.append(f"  {name}: {1000 * (user + sys_) / tasks:.2f} ms CPU per task "
                     f"({user:.2f} s user + {sys_:.2f} s system)")
        if a.get("io") and b.get("io"):
            written = a["io"]["write_bytes"] - b["io"]["write_bytes"]
            wchar = a["io"]["wchar"] - b["io"]["wchar"]
            lines.append(f"    written: {written / 1024 / tasks:.2f} KiB per task to storage (write_bytes "
                         f"{written / 2**20:.1f} MiB), {wchar / 1024 / tasks:.2f} KiB per task by write calls (wchar)")
        groups = {}
        for tid, (comm, u, s) in a["threads"].items():
            bu, bs = b["threads"].get(tid, [comm, 0, 0])[1:]
            key = re.sub(r"[0-9]+$", "", comm).strip() or comm
            g = groups.setdefault(key, [0, 0])
            g[0] += u - bu
            g[1] += s - bs
        busiest = sorted(groups.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:5]
        lines.append("    threads: " + ", ".join(
            f"{k} {(u + s) / TICK:.2f} s" for k, (u, s) in busiest if u + s > 0))
    lines.insert(0, f"  all measured processes: {1000 * total / tasks:.2f} ms CPU per task")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1] == "--diff":
        with open(sys.argv[2]) as f1, open(sys.argv[3]) as f2:
            print(diff(json.load(f1), json.load(f2), int(sys.argv[4])))
    else:
        print(json.dumps(snapshot([a.split("=", 1) for a in sys.argv[1:]])))
