package dev.lockstep.streaming.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the source partitions whose committed offset (the application's consumer group) has reached the
 * end of the log, and records them as caught up as of just before the end offsets were asked for, less the
 * clock skew margin.
 *
 * <p>Why that claim holds: a record that arrives after the end offsets are read gets a later
 * LogAppendTime than the moment they were read, by the broker's clock. This application's clock may run
 * ahead of the broker's by up to the clock skew margin, so as of the margin (and one millisecond) before that
 * moment by this clock, every arrived record lies below the end offset; if the group's committed offset is at or past it, all of them are processed and their tiles
 * written (tiles reach the store before the commit). The committed offsets are read after the end
 * offsets, and both only grow. The end is the high watermark (read_uncommitted): a source producer's open
 * transaction holds the committed offset back, so its records, whose arrival is already set, are never
 * claimed before they are processed.
 */
public final class CaughtUpCheck implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CaughtUpCheck.class);

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final Clock clock;
    private final CaughtUpPartitions caughtUp;
    private final Duration timeout;
    private final Consumer<Map<String, Integer>> partitionCounts;
    private final long clockSkewMarginMillis;
    /** Only the checking thread touches it. */
    private boolean failing;

    /**
     * @param partitionCounts gets each check's partition count of every topic it could describe (the check
     *                        describes the topics anyway, so the counts cost no request of their own)
     */
    public CaughtUpCheck(Admin admin, String groupId, List<String> topics, Clock clock, CaughtUpPartitions caughtUp,
                         Duration timeout, Duration clockSkewMargin, Consumer<Map<String, Integer>> partitionCounts) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.clock = clock;
        this.caughtUp = caughtUp;
        this.timeout = timeout;
        this.partitionCounts = partitionCounts;
        this.clockSkewMarginMillis = clockSkewMargin.toMillis();
    }

    /** One check; failures are logged (once per streak) and leave the partitions' claims as they were. */
    @Override
    public void run() {
        try {
            int recorded = checkNow();
            if (failing) {
                failing = false;
                LOG.info("caught-up check of {} for group {} succeeds again ({} partitions caught up)", topics,
                        groupId, recorded);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("caught-up check of {} for group {} failed; idle partitions heartbeat their last arrival "
                        + "until it succeeds: {}", topics, groupId, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Describes the topics, hands on their partition counts, then reads end offsets, then committed
     * offsets, and records the partitions caught up; returns how many. A topic that cannot be described
     * leaves the others checked and fails the check afterwards, naming it.
     */
    int checkNow() throws ExecutionException, InterruptedException, TimeoutException {
        long askedAt = clock.millis();
        Map<String, KafkaFuture<TopicDescription>> describing = admin.describeTopics(topics).topicNameValues();
        Map<String, TopicDescription> described = new HashMap<>();
        ExecutionException firstFailure = null;
        for (String topic : topics) {
            try {
                described.put(topic, describing.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                firstFailure = firstFailure != null ? firstFailure
                        : new ExecutionException("describing source topic " + topic + ": " + e.getCause(), e.getCause());
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        described.forEach((topic, description) -> counts.put(topic, description.partitions().size()));
        partitionCounts.accept(counts);
        int recorded = described.isEmpty() ? 0 : recordCaughtUp(described, askedAt);
        if (firstFailure != null) {
            throw firstFailure;
        }
        return recorded;
    }

    private int recordCaughtUp(Map<String, TopicDescription> described, long askedAt)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(topic -> topic.partitions().forEach(p -> {
            latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.earliest());
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int recorded = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            long endOffset = end.getValue().offset();
            // Empty: never written, or every record gone to retention (then no commit may ever come, and the
            // records the app never saw are lost to it whatever it does: there is nothing left to process).
            boolean empty = endOffset == starts.get(end.getKey()).offset();
            if (empty || position != null && position.offset() >= endOffset) {
                caughtUp.record(end.getKey().topic(), end.getKey().partition(), askedAt - 1 - clockSkewMarginMillis);
                recorded++;
            }
        }
        return recorded;
    }
}
