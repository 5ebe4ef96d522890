package dev.lockstep.parity.harness;

import dev.lockstep.parity.oracle.RawRecord;
import dev.lockstep.store.Heartbeat;
import dev.lockstep.store.OnlineStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Waits until streaming has caught up with the records produced so far: every partition's heartbeat
 * carries at least its last arrival. A heartbeat publishes the watermark of tiles already written to the
 * online store, so from then on the store holds every event that arrived by that time.
 */
public final class StreamingCatchUp {

    private StreamingCatchUp() {
    }

    public static void await(OnlineStore store, String topic, List<RawRecord> records, long deadline)
            throws InterruptedException {
        Map<Integer, Long> lastArrivals = new TreeMap<>();
        records.forEach(r -> lastArrivals.merge(r.partition(), r.arrival(), Math::max));
        while (!caughtUp(store.streamingWatermarks(topic), lastArrivals)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("streaming did not catch up with " + lastArrivals + "; heartbeats "
                        + store.streamingWatermarks(topic));
            }
            Thread.sleep(100);
        }
    }

    private static boolean caughtUp(Map<Integer, Heartbeat> beats, Map<Integer, Long> lastArrivals) {
        return lastArrivals.entrySet().stream().allMatch(last -> {
            Heartbeat beat = beats.get(last.getKey());
            return beat != null && beat.watermarkMillis() >= last.getValue();
        });
    }
}
