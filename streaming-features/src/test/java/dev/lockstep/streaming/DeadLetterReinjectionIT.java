package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DeadLetterReinjection} on a real broker: one reason's dead letters go back to their source topic
 * byte for byte with their origin in a header, each once across runs; a dry run sends and commits nothing;
 * other reasons wait for their own run; what is no dead letter of this source is named, not sent.
 */
class DeadLetterReinjectionIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static int run;

    private final ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
    private String source;
    private String deadLetterTopic;
    private DeadLetterReinjection reinjection;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void topics() {
        run++;
        source = "reinject" + run + ".txns";
        deadLetterTopic = source + ".dlq";
        KAFKA.broker().createTopic(source, 2, Map.of("message.timestamp.type", "LogAppendTime"));
        KAFKA.broker().createTopic(deadLetterTopic, 2, Map.of());
        reinjection = new DeadLetterReinjection(KafkaConnection.plain(KAFKA.bootstrapServers()), wireFormat, "app" + run);
    }

    @Test
    void shouldSendEachDeadLetterOfTheReasonBackOnceWithItsOrigin() {
        DeadLetters letters = new DeadLetters(wireFormat, deadLetterTopic);
        produce(deadLetterTopic, List.of(
                letter(letters, 0, "c1", "v0", RejectReason.UNKNOWN_SCHEMA),
                letter(letters, 1, "c2", "v1", RejectReason.INVALID_VALUE),
                letter(letters, 2, "c3", "v2", RejectReason.UNKNOWN_SCHEMA),
                new ProducerRecord<>(deadLetterTopic, 0, bytes("c4"), bytes("not a dead letter")),
                letter(letters, 3, "c5", "v3", RejectReason.UNKNOWN_SCHEMA)));

        DeadLetterReinjection.Report dry = reinjection.run(source, deadLetterTopic, RejectReason.UNKNOWN_SCHEMA, true,
                TIMEOUT, log::add);
        assertThat(dry).isEqualTo(new DeadLetterReinjection.Report(5, 3, 1, 1));
        assertThat(readAll(source)).as("a dry run sends nothing").isEmpty();

        DeadLetterReinjection.Report first = reinjection.run(source, deadLetterTopic, RejectReason.UNKNOWN_SCHEMA, false,
                TIMEOUT, log::add);
        assertThat(first).as("the dry run committed nothing").isEqualTo(new DeadLetterReinjection.Report(5, 3, 1, 1));
        List<ConsumerRecord<byte[], byte[]>> sent = readAll(source);
        assertThat(sent).extracting(r -> string(r.value())).containsExactlyInAnyOrder("v0", "v2", "v3");
        for (ConsumerRecord<byte[], byte[]> record : sent) {
            String value = string(record.value());
            assertThat(string(record.key())).isEqualTo(Map.of("v0", "c1", "v2", "c3", "v3", "c5").get(value));
            assertThat(string(record.headers().lastHeader(DeadLetterReinjection.ORIGIN_HEADER).value()))
                    .startsWith(deadLetterTopic + "/").contains("@");
        }
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith(deadLetterTopic + "/0@")
                .contains("not sent: not a dead letter"));

        DeadLetterReinjection.Report second = reinjection.run(source, deadLetterTopic, RejectReason.UNKNOWN_SCHEMA, false,
                TIMEOUT, log::add);
        assertThat(second).as("nothing twice").isEqualTo(new DeadLetterReinjection.Report(0, 0, 0, 0));
        produce(deadLetterTopic, List.of(letter(letters, 4, "c6", "v4", RejectReason.UNKNOWN_SCHEMA)));
        assertThat(reinjection.run(source, deadLetterTopic, RejectReason.UNKNOWN_SCHEMA, false, TIMEOUT, log::add))
                .as("only what came since").isEqualTo(new DeadLetterReinjection.Report(1, 1, 0, 0));

        DeadLetterReinjection.Report other = reinjection.run(source, deadLetterTopic, RejectReason.INVALID_VALUE, false,
                TIMEOUT, log::add);
        assertThat(other).as("another reason, its own group").isEqualTo(new DeadLetterReinjection.Report(6, 1, 4, 1));
        assertThat(readAll(source)).extracting(r -> string(r.value())).containsExactlyInAnyOrder("v0", "v2", "v3", "v4", "v1");
    }

    @Test
    void shouldNameADeadLetterOfAnotherSourceAndNotSendIt() {
        DeadLetters letters = new DeadLetters(wireFormat, deadLetterTopic);
        byte[] foreign = letters.encode(new RecordPosition("elsewhere", 0, 9, 1_000), bytes("c1"), bytes("v"),
                RejectReason.UNKNOWN_SCHEMA, "m", 2_000);
        produce(deadLetterTopic, List.of(new ProducerRecord<>(deadLetterTopic, 1, bytes("c1"), foreign)));

        DeadLetterReinjection.Report report = reinjection.run(source, deadLetterTopic, RejectReason.UNKNOWN_SCHEMA, false,
                TIMEOUT, log::add);

        assertThat(report).isEqualTo(new DeadLetterReinjection.Report(1, 0, 0, 1));
        assertThat(log).containsExactly(deadLetterTopic + "/1@0 not sent: it is a dead letter of elsewhere/0@9, not of "
                + "source topic " + source);
        assertThat(readAll(source)).isEmpty();
    }

    @Test
    void shouldFailNamingADeadLetterTopicThatDoesNotExist() {
        assertThatThrownBy(() -> reinjection.run(source, "missing.dlq", RejectReason.UNKNOWN_SCHEMA, false,
                Duration.ofSeconds(5), log::add))
                .hasMessageContaining("dead-letter topic missing.dlq does not exist on " + KAFKA.bootstrapServers());
    }

    private ProducerRecord<byte[], byte[]> letter(DeadLetters letters, long offset, String key, String value,
                                                  RejectReason reason) {
        byte[] encoded = letters.encode(new RecordPosition(source, 0, offset, 1_000 + offset), bytes(key), bytes(value),
                reason, "record " + source + "/0@" + offset + ": " + reason, 5_000);
        return new ProducerRecord<>(deadLetterTopic, (int) (offset % 2), bytes(key), encoded);
    }

    private static void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
