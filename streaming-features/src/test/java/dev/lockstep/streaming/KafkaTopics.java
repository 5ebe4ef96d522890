package dev.lockstep.streaming;

import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.SourceRecordAt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test plumbing for a real broker: produce bytes, read a topic back with positions and timestamps. */
final class KafkaTopics implements AutoCloseable {

    static final Comparator<RecordPosition> BY_POSITION = Comparator.comparing(RecordPosition::topic)
            .thenComparingInt(RecordPosition::partition).thenComparingLong(RecordPosition::offset);

    private final KafkaConnection kafka;
    private final Map<String, KafkaConsumer<byte[], byte[]>> committedReaders = new java.util.HashMap<>();

    KafkaTopics(String bootstrap) {
        this(KafkaConnection.plain(bootstrap));
    }

    KafkaTopics(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    void produce(String topic, List<GeneratedStream.Produced> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 5)), new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(r -> producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
            producer.flush();
        }
    }

    /** Reads {@code count} records from the start, with the broker-assigned timestamps as arrivals. */
    List<SourceRecordAt> readAll(String topic, int count) {
        List<SourceRecordAt> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read-" + topic, "read_uncommitted")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new SourceRecordAt(r.key(), r.value(),
                            new RecordPosition(r.topic(), r.partition(), r.offset(), r.timestamp())));
                }
            }
        }
        return out;
    }

    /** Polls committed records of a topic, continuing where the last call stopped. */
    List<byte[]> pollCommitted(String topic, Duration timeout) {
        KafkaConsumer<byte[], byte[]> consumer = committedReaders.computeIfAbsent(topic, t -> {
            KafkaConsumer<byte[], byte[]> c = consumer("committed-" + t, "read_committed");
            c.subscribe(List.of(t));
            return c;
        });
        List<byte[]> values = new ArrayList<>();
        consumer.poll(timeout).forEach(r -> values.add(r.value()));
        return values;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, String isolation) {
        return new KafkaConsumer<>(kafka.clientProperties(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        committedReaders.values().forEach(KafkaConsumer::close);
    }
}
