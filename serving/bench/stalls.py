#!/usr/bin/env python3
"""Lines up slow requests with what held the CPUs while they waited (serving/bench/stalls.sh).

Arguments: the `perf sched timehist` text of a recording taken with CLOCK_MONOTONIC timestamps, the load
client's request times (`due_ns end_ns` per line, System.nanoTime), the server's, client's and redis-server's
pids, the slow threshold in ms and the shortest slice counted as a stall in ms.

A stall is one uninterrupted run of a thread on a CPU of at least the given length: while it lasts, that core
serves nothing else, and on two cores the request path has one left. Each stall is put in a class by who ran:
the server's JIT compiler, its collector and VM operations, its request path (Jetty, Lettuce, the model), the
load client, redis-server, or anything else on the machine (kernel threads, other processes). For the requests
inside the recording, it prints the share of the cores each class used, how the slow requests bunch in time,
and how many of the slow ones overlapped a stall of each class, against the share
of all requests that did: a class that slow requests meet far more often than requests at large is where the
tail comes from.
"""
import bisect
import re
import sys

# time, cpu, name[tid/pid] (or <idle>, with no ids), wait time, scheduling delay, run time (ms)
LINE = re.compile(r"^\s*(\d+\.\d+)\s+\[(\d+)\]\s+(<idle>|.+?\[(\d+)(?:/(\d+))?\])\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$")


def classify(name, pid, server, client, redis):
    if pid == server:
        if "Compiler" in name:
            return "server JIT compiler"
        if name.startswith(("GC ", "G1 ", "VM Thread", "VM Periodic")):
            return "server GC and VM operations"
        return "server request path"
    if pid == client:
        return "load client"
    if pid == redis:
        return "redis-server"
    return "other (kernel threads, other processes)"


def main():
    timehist, requests_file, server, client, redis, slow_ms, stall_ms = sys.argv[1:8]
    slow_ns, stall_ns = float(slow_ms) * 1e6, float(stall_ms) * 1e6
    stalls, core_time, first, last = {}, {}, None, None
    with open(timehist) as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            end = float(m.group(1)) * 1e9
            first = end if first is None else first
            last = end
            run = float(m.group(8)) * 1e6
            name, pid = m.group(3), m.group(5) or m.group(4)
            cls = "idle" if name == "<idle>" else classify(name, pid, server, client, redis)
            core_time[cls] = core_time.get(cls, 0.0) + run
            if run >= stall_ns and cls != "idle":
                stalls.setdefault(cls, []).append((end - run, end))
    if first is None:
        sys.exit("no sched_switch lines in " + timehist)
    requests = []
    with open(requests_file) as f:
        for line in f:
            due, end = map(int, line.split())
            if due >= first and end <= last:
                requests.append((due, end))
    slow = [r for r in requests if r[1] - r[0] > slow_ns]
    window = (last - first) / 1e9
    print(f"recording {window:.1f} s: {len(requests)} requests inside it, {len(slow)} slower than {slow_ms} ms"
          f" ({100.0 * len(slow) / max(1, len(requests)):.2f}%); a stall is a slice of at least {stall_ms} ms")
    print("share of the two cores: " + ", ".join(f"{cls} {100.0 * t / (2 * window * 1e9):.1f}%"
                                                  for cls, t in sorted(core_time.items(), key=lambda e: -e[1])))
    buckets = {}
    for due, _ in slow:
        buckets[int((due - first) // 10_000_000)] = buckets.get(int((due - first) // 10_000_000), 0) + 1
    per_bucket = sorted(buckets.values(), reverse=True)
    in_dense = sum(n for n in per_bucket if n >= 10)
    print(f"slow requests by due time: in {len(buckets)} of {int(window * 100)} windows of 10 ms; {in_dense}"
          f" ({100.0 * in_dense / max(1, len(slow)):.0f}%) in windows holding 10 or more; the fullest:"
          f" {per_bucket[:5]} (a 10 ms window holds ~rate/100 requests)")
    print(f"{'who held a core':42} {'stalls':>7} {'per s':>6} {'longest':>8} {'core time':>9}"
          f" {'slow requests overlapping':>26} {'all requests overlapping':>25}")
    overlapping_any = set()
    for cls in sorted(stalls, key=lambda c: -sum(e - s for s, e in stalls[c])):
        spans = sorted(stalls[cls])
        starts = [s for s, _ in spans]
        longest = max(e - s for s, e in spans)

        def overlaps(req):
            # Spans of one class may overlap each other (two cores), so look back over the longest one.
            i = bisect.bisect_left(starts, req[1])
            j = bisect.bisect_left(starts, req[0] - longest)
            return any(spans[k][1] > req[0] for k in range(j, i))

        slow_hit = [r for r in slow if overlaps(r)]
        overlapping_any.update(slow_hit)
        all_hit = sum(1 for r in requests if overlaps(r))
        busy = sum(e - s for s, e in spans)
        print(f"{cls:42} {len(spans):7d} {len(spans) / window:6.1f} {longest / 1e6:6.2f}ms"
              f" {100.0 * busy / (window * 1e9):8.2f}%"
              f" {len(slow_hit):9d} = {100.0 * len(slow_hit) / max(1, len(slow)):5.1f}%"
              f" {100.0 * all_hit / max(1, len(requests)):23.1f}%")
    print(f"slow requests overlapping no stall at all: {len(slow) - len(overlapping_any)}"
          f" of {len(slow)}")


if __name__ == "__main__":
    main()
