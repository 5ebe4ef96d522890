package dev.lockstep.streaming;

import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.TileWrite;
import dev.lockstep.store.WriteReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Rebuilds the online store from the compacted tile topic (Redis is a cache that can be rebuilt): reads
 * the committed tile records from the beginning up to the end offsets seen at start and writes them with
 * their versions. The version guard makes it safe to run against a live store: a tile already newer in
 * Redis is skipped.
 */
public final class TileTopicRebuild {

    private final KafkaConnection kafka;
    private final String tilesTopic;
    private final OnlineStore store;
    private final int batchSize;

    public TileTopicRebuild(KafkaConnection kafka, String tilesTopic, OnlineStore store, int batchSize) {
        this.kafka = kafka;
        this.tilesTopic = tilesTopic;
        this.store = store;
        this.batchSize = batchSize;
    }

    /** Replays the tile topic into the store; fails if it cannot reach the end offsets within {@code timeout}. */
    public WriteReport run(Duration timeout) {
        return run(timeout, progress -> { });
    }

    /** As {@link #run(Duration)}, calling {@code progress} after each batch written to the store. */
    public WriteReport run(Duration timeout, Consumer<RebuildProgress> progress) {
        Map<String, Object> props = kafka.clientProperties(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(tilesTopic, timeout).stream()
                    .map(info -> new TopicPartition(tilesTopic, info.partition())).toList();
            if (partitions.isEmpty()) {
                // A mistyped topic would otherwise "rebuild" nothing and report success.
                throw new IllegalStateException("tile topic " + tilesTopic + " does not exist on " + kafka.bootstrapServers()
                        + " (check tiles.topic)");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long total = end.entrySet().stream().mapToLong(e -> e.getValue()
                    - consumer.beginningOffsets(List.of(e.getKey()), timeout).get(e.getKey())).sum();
            long read = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            WriteReport report = WriteReport.EMPTY;
            List<TileWrite> batch = new ArrayList<>(batchSize);
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("rebuild from " + tilesTopic + " did not reach end offsets " + end
                            + " within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    batch.add(toWrite(record));
                    read++;
                    if (batch.size() >= batchSize) {
                        report = report.plus(store.writeTiles(batch));
                        batch = new ArrayList<>(batchSize);
                        progress.accept(new RebuildProgress(read, total, report));
                    }
                }
            }
            if (!batch.isEmpty()) {
                report = report.plus(store.writeTiles(batch));
            }
            progress.accept(new RebuildProgress(read, total, report));
            return report;
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static TileWrite toWrite(ConsumerRecord<byte[], byte[]> record) {
        try {
            TileRecord tile = TileRecord.decode(record.key(), record.value());
            return new TileWrite(tile.group(), tile.entity(), tile.tile(), tile.version(), tile.irBytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad tile record at " + record.topic() + "/" + record.partition()
                    + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }
}
