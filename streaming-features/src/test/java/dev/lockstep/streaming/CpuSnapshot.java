package dev.lockstep.streaming;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's CPU accounting: CPU time so far of the app's stream threads and of its other Kafka client
 * threads (producer I/O, admin...), per thread id, so that a window's share is the difference of two snapshots.
 */
record CpuSnapshot(Map<Long, Long> streamThreads, Map<Long, Long> clientThreads) {

    static final String APP_ID = "lockstep-bench";

    static CpuSnapshot take() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> stream = new HashMap<>();
        Map<Long, Long> clients = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || !info.getThreadName().contains(APP_ID)) {
                continue;
            }
            long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            if (info.getThreadName().startsWith(APP_ID) && info.getThreadName().matches(".*StreamThread-\\d+")) {
                stream.put(info.getThreadId(), cpu);
            } else {
                clients.put(info.getThreadId(), cpu);
            }
        }
        return new CpuSnapshot(stream, clients);
    }

    /** CPU nanos of stream threads, then of client threads, spent since {@code earlier}. */
    long[] minus(CpuSnapshot earlier) {
        return new long[] {spent(streamThreads, earlier.streamThreads), spent(clientThreads, earlier.clientThreads)};
    }

    private static long spent(Map<Long, Long> now, Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }
}
