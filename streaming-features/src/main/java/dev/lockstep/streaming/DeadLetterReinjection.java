package dev.lockstep.streaming;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.RecordDecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the dead letters of one reason back to their source topic, byte for byte, once each: after the cause
 * is fixed (a schema registered late, a spec that now takes the value, a producer clock that ran ahead),
 * the same bytes get a new arrival and go through acceptance again, on both paths alike (the archive keeps
 * the new copy as it keeps any record).
 *
 * <p>Exactly once across runs and crashes: the records sent and the dead-letter offsets consumed commit in
 * one Kafka transaction, under a consumer group of their own per (dead-letter topic, reason). A dead letter
 * has one reason, so the groups never overlap, and a second run sends only what arrived since. Each record
 * carries a header naming the dead letter it came from. A run reads up to the end offsets seen at its start.
 *
 * <p>Two reasons are refused: {@code TOO_LATE} (a later arrival only makes it later) and
 * {@code ARRIVAL_REGRESSED} (the source topic holds the record already and batch accepts it: a backfill
 * applies it; a second copy would be counted twice).
 */
public final class DeadLetterReinjection {

    /** The header each re-sent record carries: {@code <dead-letter topic>/<partition>@<offset>}. */
    public static final String ORIGIN_HEADER = "lockstep.reinjected-from";

    /**
     * What a run did.
     *
     * @param read       dead letters read
     * @param sent       of those, sent back (or, in a dry run, that would have been)
     * @param otherReason dead letters of another reason, left for a run for theirs
     * @param unsendable records that are no dead letter of this source, or have no value to send: named in
     *                   the log, not sent
     */
    public record Report(long read, long sent, long otherReason, long unsendable) {
    }

    private final KafkaConnection kafka;
    private final ConfluentWireFormat wireFormat;
    private final String applicationId;

    public DeadLetterReinjection(KafkaConnection kafka, ConfluentWireFormat wireFormat, String applicationId) {
        this.kafka = kafka;
        this.wireFormat = wireFormat;
        this.applicationId = applicationId;
    }

    /** The consumer group (and transactional id) of one dead-letter topic's re-injections of one reason. */
    public String groupId(String deadLetterTopic, RejectReason reason) {
        return applicationId + ".reinject." + deadLetterTopic + "." + reason.name();
    }

    /**
     * Re-sends the dead letters of {@code reason} from {@code deadLetterTopic} to {@code sourceTopic};
     * {@code log} gets a line per dead letter sent (in a dry run, per one that would be) or not sendable.
     *
     * @throws IllegalArgumentException for a reason that re-sending cannot fix
     * @throws IllegalStateException    when the dead-letter topic does not exist
     */
    public Report run(String sourceTopic, String deadLetterTopic, RejectReason reason, boolean dryRun,
                      Duration timeout, Consumer<String> log) {
        requireSendable(reason);
        String group = groupId(deadLetterTopic, reason);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = dryRun ? null : transactionalProducer(group)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, timeout).stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("dead-letter topic " + deadLetterTopic + " does not exist on "
                        + kafka.bootstrapServers() + " (check dlq.suffix)");
            }
            consumer.assign(partitions);
            if (producer != null) {
                // Before reading where the last run ended: this fences a run still going (same transactional id)
                // and settles its transaction, so the offsets read next are final and its batch is not sent twice.
                producer.initTransactions();
            }
            resumeWhereTheLastRunEnded(consumer, partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long read = 0;
            long sent = 0;
            long other = 0;
            long unsendable = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not reach the end of " + deadLetterTopic + " within " + timeout
                            + " (" + read + " read this run; what was sent is committed, a new run goes on from there)");
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                if (producer != null) {
                    producer.beginTransaction();
                }
                Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue; // arrived after the start: the next run's
                    }
                    consumed.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    read++;
                    String where = record.topic() + "/" + record.partition() + "@" + record.offset();
                    GenericRecord letter;
                    try {
                        letter = wireFormat.decode(record.value(), DeadLetters.SCHEMA).record();
                    } catch (RecordDecodeException e) {
                        unsendable++;
                        log.accept(where + " not sent: not a dead letter (" + e.getMessage() + ")");
                        continue;
                    }
                    if (!reason.name().equals(letter.get("reason_code").toString())) {
                        other++;
                        continue;
                    }
                    String origin = letter.get("source_topic") + "/" + letter.get("source_partition") + "@"
                            + letter.get("source_offset");
                    byte[] value = bytes(letter.get("value"));
                    if (!sourceTopic.equals(letter.get("source_topic").toString()) || value == null) {
                        unsendable++;
                        log.accept(where + " not sent: " + (value == null ? "the record of " + origin + " had no value"
                                : "it is a dead letter of " + origin + ", not of source topic " + sourceTopic));
                        continue;
                    }
                    sent++;
                    log.accept(where + " (" + origin + ", " + reason + ") -> " + (dryRun ? "not sent (dry run)" : sourceTopic));
                    if (producer != null) {
                        RecordHeaders headers = new RecordHeaders();
                        headers.add(ORIGIN_HEADER, where.getBytes(StandardCharsets.UTF_8));
                        producer.send(new ProducerRecord<>(sourceTopic, null, null, bytes(letter.get("key")), value, headers));
                    }
                }
                if (producer != null) {
                    producer.sendOffsetsToTransaction(consumed, new ConsumerGroupMetadata(group));
                    producer.commitTransaction();
                }
            }
            return new Report(read, sent, other, unsendable);
        }
    }

    /** Seeks each partition to the group's committed offset, or its beginning (also past a retention cut). */
    private static void resumeWhereTheLastRunEnded(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                                   Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), timeout);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            consumer.seek(partition, done == null ? beginning.get(partition)
                    : Math.max(done.offset(), beginning.get(partition)));
        }
    }

    /**
     * Refuses the reasons that re-sending cannot fix.
     *
     * @throws IllegalArgumentException for {@code TOO_LATE} and {@code ARRIVAL_REGRESSED}, saying why
     */
    public static void requireSendable(RejectReason reason) {
        if (reason == RejectReason.TOO_LATE) {
            throw new IllegalArgumentException("TOO_LATE dead letters cannot be re-sent: a new copy arrives later still, "
                    + "so acceptance rejects it again");
        }
        if (reason == RejectReason.ARRIVAL_REGRESSED) {
            throw new IllegalArgumentException("ARRIVAL_REGRESSED dead letters are not re-sent: the source topic holds "
                    + "them already and batch accepts them, so a backfill of their arrival range applies them "
                    + "(docs/operations.md); a second copy would be counted twice");
        }
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        // One transactional id per group: a second run of the same re-injection fences the first.
        return new KafkaProducer<>(kafka.clientProperties(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(Object avroBytes) {
        if (avroBytes == null) {
            return null;
        }
        ByteBuffer buffer = ((ByteBuffer) avroBytes).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
