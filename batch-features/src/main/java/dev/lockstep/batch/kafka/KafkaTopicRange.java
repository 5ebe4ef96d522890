package dev.lockstep.batch.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A range of one topic's records: per partition, offsets {@code [start, end)}.
 *
 * @param kafkaOptions extra consumer settings (security etc.) for every consumer that reads the range
 */
public record KafkaTopicRange(String bootstrapServers, String topic, Map<Integer, Long> startOffsets,
                              Map<Integer, Long> endOffsets, Map<String, String> kafkaOptions) implements Serializable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    public KafkaTopicRange {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        startOffsets = Map.copyOf(startOffsets);
        endOffsets = Map.copyOf(endOffsets);
        kafkaOptions = Map.copyOf(kafkaOptions);
        if (!startOffsets.keySet().equals(endOffsets.keySet())) {
            throw new IllegalArgumentException("Invalid range of topic " + topic + ": start offsets name partitions "
                    + new TreeMap<>(startOffsets).keySet() + ", end offsets " + new TreeMap<>(endOffsets).keySet());
        }
        for (Map.Entry<Integer, Long> start : startOffsets.entrySet()) {
            long end = endOffsets.get(start.getKey());
            if (start.getValue() < 0 || end < start.getValue()) {
                throw new IllegalArgumentException("Invalid range of " + topic + "-" + start.getKey() + ": offsets ["
                        + start.getValue() + ", " + end + ") must be non-negative and not end before they start");
            }
        }
    }

    /**
     * Parses {@code PARTITION:START-END[,...]} (end exclusive), e.g. {@code 0:0-1500,1:20-900}.
     */
    public static KafkaTopicRange parse(String bootstrapServers, String topic, String spec, Map<String, String> kafkaOptions) {
        Map<Integer, Long> starts = new TreeMap<>();
        Map<Integer, Long> ends = new TreeMap<>();
        for (String part : spec.split(",")) {
            String[] pieces = part.trim().split("[:-]");
            if (pieces.length != 3) {
                throw new IllegalArgumentException("Invalid topic range '" + spec + "': expected PARTITION:START-END[,...]"
                        + " (end exclusive), e.g. 0:0-1500,1:20-900; got '" + part + "'");
            }
            try {
                int partition = Integer.parseInt(pieces[0]);
                if (starts.put(partition, Long.parseLong(pieces[1])) != null) {
                    throw new IllegalArgumentException("Invalid topic range '" + spec + "': partition " + partition + " twice");
                }
                ends.put(partition, Long.parseLong(pieces[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid topic range '" + spec + "': '" + part + "' is not PARTITION:START-END");
            }
        }
        return new KafkaTopicRange(bootstrapServers, topic, starts, ends, kafkaOptions);
    }

    /**
     * The offsets of the records that arrived in {@code [fromMillis, toMillis)}, looked up by timestamp.
     * Source topics use LogAppendTime, so a record's timestamp is its arrival and offsets grow with it:
     * the range is exact. A bound past the last record is the partition's end (its last stable offset,
     * as {@code read_committed} sees it).
     *
     * @throws IllegalArgumentException when a partition's records may have been deleted (retention, or
     *         records deleted by an operator) from the start of the range: the first record kept arrived
     *         at or after {@code fromMillis} and earlier ones are gone, so the range cannot be read whole
     */
    public static KafkaTopicRange byArrival(String bootstrapServers, String topic, long fromMillis, long toMillis,
                                            Map<String, String> kafkaOptions) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, kafkaOptions)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist on " + bootstrapServers);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            Map<Integer, Long> starts = offsetsAt(consumer, partitions, fromMillis, ends);
            requireNothingDeletedFrom(topic, fromMillis, starts, consumer.beginningOffsets(partitions, TIMEOUT), ends);
            return new KafkaTopicRange(bootstrapServers, topic, starts, offsetsAt(consumer, partitions, toMillis, ends),
                    kafkaOptions);
        }
    }

    /**
     * A range that starts at a partition's first kept record, after records were deleted before it, may
     * miss records: the deleted ones arrived no later than the first kept one, but possibly at or after
     * the range's start. Their arrival times are gone with them, so this refuses rather than guesses. A
     * partition with no record kept at all is read as empty: time-based retention deletes only records
     * older than the topic's retention, and an idle partition's records all go that way.
     */
    private static void requireNothingDeletedFrom(String topic, long fromMillis, Map<Integer, Long> starts,
                                                  Map<TopicPartition, Long> beginnings, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> beginning : beginnings.entrySet()) {
            long logStart = beginning.getValue();
            int partition = beginning.getKey().partition();
            boolean recordsKept = logStart < ends.get(beginning.getKey());
            if (logStart > 0 && recordsKept && starts.get(partition) == logStart) {
                throw new IllegalArgumentException("Cannot read " + topic + "-" + partition + " from "
                        + Instant.ofEpochMilli(fromMillis) + ": its records before offset " + logStart + " were deleted"
                        + " (retention or an operator) and the first one kept arrived at or after that time, so records"
                        + " of the range may be gone; read the range from an archive, or start it later");
            }
        }
    }

    /** How many offsets the range spans (records, plus transaction markers and aborted records in it). */
    public long offsetCount() {
        return startOffsets.entrySet().stream().mapToLong(e -> endOffsets.get(e.getKey()) - e.getValue()).sum();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(topic).append(' ');
        new TreeMap<>(startOffsets).forEach((p, start) -> out.append(p).append(':').append(start).append('-')
                .append(endOffsets.get(p)).append(','));
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** A read_committed consumer without a group: ranges are read by assignment, never committed. */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, Map<String, String> kafkaOptions) {
        Properties props = new Properties();
        props.putAll(kafkaOptions);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<Integer, Long> offsetsAt(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                                long timestamp, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, Math.max(0, timestamp)));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, TIMEOUT);
        Map<Integer, Long> offsets = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            offsets.put(tp.partition(), at == null ? ends.get(tp) : Math.min(at.offset(), ends.get(tp)));
        }
        return offsets;
    }
}
