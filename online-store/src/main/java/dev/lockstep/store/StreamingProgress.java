package dev.lockstep.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How far streaming has processed one source topic: the heartbeat of every partition that published one,
 * and the topic's partition count as the streaming app last saw it. The count is what makes a partition
 * with no heartbeat at all visible: without it, a partition whose task never started would simply be
 * absent, and the slowest of the others would pass for the topic's watermark.
 *
 * @param heartbeats     by partition, ascending
 * @param partitionCount empty until a streaming app has published one (apps before it never did)
 */
public record StreamingProgress(Map<Integer, Heartbeat> heartbeats, OptionalInt partitionCount) {

    public StreamingProgress {
        heartbeats = Collections.unmodifiableMap(new TreeMap<>(heartbeats));
    }

    /** The partitions below the published count that have no heartbeat, ascending; none without a count. */
    public List<Integer> silentPartitions() {
        List<Integer> silent = new ArrayList<>();
        for (int partition = 0; partition < partitionCount.orElse(0); partition++) {
            if (!heartbeats.containsKey(partition)) {
                silent.add(partition);
            }
        }
        return silent;
    }

    /**
     * The topic's watermark: the slowest partition's. Empty when no partition has a heartbeat, or when a
     * partition of the published count has none (its records may never have been processed).
     */
    public OptionalLong watermark() {
        if (heartbeats.isEmpty() || !silentPartitions().isEmpty()) {
            return OptionalLong.empty();
        }
        return heartbeats.values().stream().mapToLong(Heartbeat::watermarkMillis).min();
    }
}
