package dev.lockstep.parity.harness;

import dev.lockstep.parity.oracle.RawRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until streaming has caught up with the records produced so far: the app's committed offsets
 * reach the end of every partition. Under exactly-once, the app writes its buffered tiles to the online
 * store before every commit, so from then on the store holds every event produced so far.
 *
 * <p>Not the watermark heartbeats: a heartbeat carries the latest arrival processed, and records that
 * arrived in the same millisecond as that one may still be unprocessed (a burst puts hundreds of records
 * in one millisecond), so "watermark >= last arrival" can hold while tiles are missing.
 */
public final class StreamingCatchUp {

    private StreamingCatchUp() {
    }

    public static void await(Admin admin, String applicationId, String topic, List<RawRecord> records, long deadline)
            throws InterruptedException, ExecutionException {
        Map<Integer, Long> ends = new TreeMap<>();
        records.forEach(r -> ends.merge(r.partition(), r.offset() + 1, Math::max));
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            boolean caughtUp = ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata offset = committed.get(new TopicPartition(topic, end.getKey()));
                return offset != null && offset.offset() >= end.getValue();
            });
            if (caughtUp) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("streaming app " + applicationId + " did not commit up to " + ends
                        + " of " + topic + "; committed " + committed);
            }
            Thread.sleep(100);
        }
    }
}
