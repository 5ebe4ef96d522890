package dev.lockstep.streaming.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * For each source partition, the latest time by which every record that had arrived was processed and
 * committed (so its tiles are in the online store): what an idle partition's heartbeat may claim. Without
 * it an idle partition could only repeat its last arrival, and a quiet source would look stale while the
 * pipeline is fully caught up. Filled by {@link CaughtUpCheck}, read by the heartbeat punctuation; an
 * entry only grows, and stays true after the partition moves to another instance, since it is a fact about
 * the consumer group's committed offsets.
 */
public final class CaughtUpPartitions {

    private final Map<TopicPartition, Long> caughtUpAt = new ConcurrentHashMap<>();

    /** Records that every record of the partition that arrived up to {@code arrivalMillis} is committed. */
    public void record(String topic, int partition, long arrivalMillis) {
        caughtUpAt.merge(new TopicPartition(topic, partition), arrivalMillis, Math::max);
    }

    /** The latest arrival time up to which the partition is known to be caught up; Long.MIN_VALUE if never. */
    public long caughtUpAt(String topic, int partition) {
        return caughtUpAt.getOrDefault(new TopicPartition(topic, partition), Long.MIN_VALUE);
    }
}
