package dev.lockstep.batch.kafka;

import dev.lockstep.batch.archive.ArchiveException;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.archive.SourceRecordDecoder;
import dev.lockstep.features.event.RecordPosition;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets {@code [start, end)} of one partition: the unit one Spark task reads with its own consumer.
 * Read {@code read_committed}, so offsets of aborted records and transaction markers are skipped, as
 * streaming skips them.
 */
public record OffsetSlice(String topic, int partition, long start, long end) implements Serializable {

    /** Splits a range into slices of at most {@code maxOffsets} offsets each, so tasks stay small. */
    public static List<OffsetSlice> of(KafkaTopicRange range, long maxOffsets) {
        List<OffsetSlice> slices = new ArrayList<>();
        range.startOffsets().forEach((partition, start) -> {
            long end = range.endOffsets().get(partition);
            for (long from = start; from < end; from += maxOffsets) {
                slices.add(new OffsetSlice(range.topic(), partition, from, Math.min(end, from + maxOffsets)));
            }
        });
        slices.sort(java.util.Comparator.comparing(OffsetSlice::partition).thenComparingLong(OffsetSlice::start));
        return slices;
    }

    /** Reads the slice and hands each record, decoded, to {@code sink}, in offset order. */
    public void read(String bootstrapServers, Map<String, String> kafkaOptions, SourceRecordDecoder decoder,
                     Consumer<ArchivedRecord> sink) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTopicRange.consumer(bootstrapServers, kafkaOptions)) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, start);
            long deadline = System.nanoTime() + KafkaTopicRange.TIMEOUT.toNanos();
            while (consumer.position(tp) < end) {
                int before = 0;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    before++;
                    if (record.offset() >= end) {
                        return;
                    }
                    sink.accept(decoder.decode(new RecordPosition(topic, partition, record.offset(), record.timestamp()),
                            record.key(), record.value()));
                }
                if (before > 0) {
                    deadline = System.nanoTime() + KafkaTopicRange.TIMEOUT.toNanos();
                } else if (System.nanoTime() > deadline) {
                    throw new ArchiveException("cannot read " + this + " from " + bootstrapServers + ": stuck at offset "
                            + consumer.position(tp) + " for " + KafkaTopicRange.TIMEOUT.toSeconds()
                            + " s (is the end beyond the last stable offset?)", null);
                }
            }
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition + " offsets [" + start + ", " + end + ")";
    }
}
