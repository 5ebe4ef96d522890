package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.DedupKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What one task's dedup purge costs the stream thread as its store fills to its steady size. Not a test: run
 * it by hand (command in docs/benchmarks.md). Two RocksDB stores, as the topology builds them, get the same
 * keys: {@code bench.rate} events per second of arrival (default 2,500, one task's share of 10,000 events/s
 * over 4 partitions), unique ids, {@code bench.cards} cards (50,000), event times up to 5 minutes before
 * arrival, allowed lateness 10 minutes (the example source's). After each minute of arrivals the purge runs at
 * the new watermark, timed in each store:
 * <ul>
 *   <li>{@link DedupStore#forget}: a range scan over the expired keys only (what the app runs);</li>
 *   <li>baseline: a scan of the whole store reading each key's time, then the same deletes (the purge before
 *       keys were ordered by time).</li>
 * </ul>
 * Prints one line per minute and the medians over the minutes after the store reached its steady size.
 */
public final class StatePurgeBenchmark {

    private static final long MINUTE = 60_000;
    private static final long LATENESS = 10 * MINUTE;
    private static final long SKEW = 5 * MINUTE;

    private StatePurgeBenchmark() {
    }

    public static void main(String[] args) {
        int rate = Integer.getInteger("bench.rate", 2_500);
        int cards = Integer.getInteger("bench.cards", 50_000);
        int minutes = Integer.getInteger("bench.minutes", 20);
        KeyValueStore<Bytes, byte[]> ranged = TestStores.rocksDb("dedup-ranged");
        KeyValueStore<Bytes, byte[]> scanned = TestStores.rocksDb("dedup-scanned");
        DedupStore dedup = new DedupStore(ranged, LATENESS);
        DedupStore baselineWriter = new DedupStore(scanned, LATENESS);
        Random random = new Random(1);
        long id = 0;
        List<long[]> steady = new ArrayList<>();
        System.out.printf("RESULT settings: %,d events/s of arrival, %,d cards, lateness %d min, %d minutes%n",
                rate, cards, LATENESS / MINUTE, minutes);
        for (int m = 0; m < minutes; m++) {
            for (int i = 0; i < rate * 60; i++) {
                long arrival = m * MINUTE + random.nextInt((int) MINUTE);
                DedupKey key = new DedupKey("card" + random.nextInt(cards), "e" + id++, arrival - random.nextInt((int) SKEW));
                dedup.firstSeen(key);
                baselineWriter.firstSeen(key);
            }
            long watermark = (m + 1) * MINUTE;
            long held = ranged.approximateNumEntries();
            long t0 = System.nanoTime();
            int forgotten = dedup.forget(watermark);
            long t1 = System.nanoTime();
            int scannedForgotten = fullScanPurge(scanned, watermark);
            long t2 = System.nanoTime();
            if (forgotten != scannedForgotten) {
                throw new IllegalStateException("minute " + m + ": forgot " + forgotten + " but the scan " + scannedForgotten);
            }
            System.out.printf("RESULT minute %2d: ~%,d keys held, %,d forgotten; range purge %.1f ms, full-scan purge %.1f ms%n",
                    m, held, forgotten, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            if (m * MINUTE >= LATENESS + SKEW) {
                steady.add(new long[] {t1 - t0, t2 - t1});
            }
        }
        if (!steady.isEmpty()) {
            double range = median(steady.stream().mapToLong(s -> s[0]).toArray()) / 1e6;
            double scan = median(steady.stream().mapToLong(s -> s[1]).toArray()) / 1e6;
            System.out.printf("RESULT steady state (%d purges): range %.1f ms, full scan %.1f ms, ratio full scan / range %.1f%n",
                    steady.size(), range, scan, scan / range);
        }
        ranged.close();
        scanned.close();
    }

    /** The purge before time-ordered keys: every key read, the expired ones deleted. */
    private static int fullScanPurge(KeyValueStore<Bytes, byte[]> store, long watermark) {
        List<Bytes> forgettable = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                if (TimeOrderedKeys.time(entry.key.get()) + LATENESS < watermark) {
                    forgettable.add(entry.key);
                }
            }
        }
        forgettable.forEach(store::delete);
        return forgettable.size();
    }

    private static double median(long[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }
}
