package dev.lockstep.parity.harness;

import dev.lockstep.parity.oracle.RawRecord;
import dev.lockstep.wire.ConfluentWireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces to a real broker and reads topics back with their broker-stamped positions and timestamps. */
public final class TopicIO implements AutoCloseable {

    private static final Comparator<RawRecord> BY_POSITION = Comparator.comparingInt(RawRecord::partition)
            .thenComparingLong(RawRecord::offset);

    private final String bootstrap;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<RawRecord> sourceRecords = new ArrayList<>();
    private KafkaConsumer<byte[], byte[]> sourceReader;
    private KafkaConsumer<byte[], byte[]> deadLetterReader;

    public TopicIO(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void produce(String topic, List<GeneratedPayments.Produced> records) {
        records.forEach(r -> producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
        producer.flush();
    }

    /** Every record of the source topic so far (at least {@code total}), ordered by partition and offset. */
    public List<RawRecord> readSource(String topic, int total) {
        if (sourceReader == null) {
            sourceReader = consumer("parity-source-reader", "read_uncommitted");
            sourceReader.subscribe(List.of(topic));
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (sourceRecords.size() < total && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : sourceReader.poll(Duration.ofMillis(200))) {
                sourceRecords.add(new RawRecord(r.key(), r.value(), r.topic(), r.partition(), r.offset(), r.timestamp()));
            }
        }
        if (sourceRecords.size() != total) {
            throw new IllegalStateException("read " + sourceRecords.size() + " records of " + topic + ", expected " + total);
        }
        List<RawRecord> sorted = new ArrayList<>(sourceRecords);
        sorted.sort(BY_POSITION);
        return sorted;
    }

    /**
     * Committed dead letters, position ({@code topic/partition@offset}) to reason code, read until there are
     * {@code expected} or the deadline passes. A position dead-lettered twice fails.
     */
    public Map<String, String> readDeadLetters(String dlqTopic, ConfluentWireFormat wireFormat, int expected,
                                               long deadline) {
        if (deadLetterReader == null) {
            deadLetterReader = consumer("parity-dlq-reader", "read_committed");
            deadLetterReader.subscribe(List.of(dlqTopic));
        }
        Map<String, String> letters = new TreeMap<>();
        while (letters.size() < expected && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : deadLetterReader.poll(Duration.ofMillis(300))) {
                GenericRecord letter = wireFormat.decode(r.value()).record();
                String position = letter.get("source_topic") + "/" + letter.get("source_partition") + "@"
                        + letter.get("source_offset");
                if (letters.put(position, letter.get("reason_code").toString()) != null) {
                    throw new IllegalStateException("dead-lettered twice: " + position);
                }
            }
        }
        // One more poll: anything beyond the expected count is an extra dead letter the report must show.
        for (ConsumerRecord<byte[], byte[]> r : deadLetterReader.poll(Duration.ofMillis(500))) {
            GenericRecord letter = wireFormat.decode(r.value()).record();
            letters.put(letter.get("source_topic") + "/" + letter.get("source_partition") + "@"
                    + letter.get("source_offset"), letter.get("reason_code").toString());
        }
        return letters;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, String isolation) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        producer.close();
        if (sourceReader != null) {
            sourceReader.close();
        }
        if (deadLetterReader != null) {
            deadLetterReader.close();
        }
    }
}
