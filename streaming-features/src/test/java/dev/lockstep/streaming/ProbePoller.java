package dev.lockstep.streaming;

import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For the benchmark's latency phase: polls Redis every 2 ms for probe cards ({@code probe<n>}, each written
 * by exactly one record) and records, per probe, the time from its broker arrival to its first tile being
 * visible.
 */
final class ProbePoller implements Runnable {

    private final OnlineStore store;
    private final long[] arrivals;
    private final long[] latencies;
    private final ConcurrentLinkedQueue<Integer> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong seen = new AtomicLong();

    ProbePoller(OnlineStore store, int maxProbes) {
        this.store = store;
        this.arrivals = new long[maxProbes];
        this.latencies = new long[maxProbes];
    }

    /** Probe {@code n} was acknowledged with broker timestamp {@code arrivalMillis}; start watching it. */
    void sent(int n, long arrivalMillis) {
        arrivals[n] = arrivalMillis;
        pending.add(n);
    }

    long seen() {
        return seen.get();
    }

    /** Latencies of the probes seen so far, sorted, in ms. */
    long[] sortedLatencies() {
        return Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
    }

    /** The {@code q} quantile of sorted values (nearest rank). */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalStateException("no probe was seen in Redis");
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }

    @Override
    public void run() {
        List<Integer> waiting = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            for (Integer n; (n = pending.poll()) != null; ) {
                waiting.add(n);
            }
            if (!waiting.isEmpty()) {
                Map<String, EntityTiles> tiles = store.readTiles("card_txn", waiting.stream().map(n -> "probe" + n).toList());
                long now = System.currentTimeMillis();
                waiting.removeIf(n -> {
                    EntityTiles entity = tiles.get("probe" + n);
                    if (entity == null || entity.tiles().isEmpty()) {
                        return false;
                    }
                    latencies[n] = Math.max(1, now - arrivals[n]);
                    seen.incrementAndGet();
                    return true;
                });
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return; // asked to stop: the measurement is over
            }
        }
    }
}
