package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A request failed by a Redis outage lands on a real Kafka topic, replayable from its payload. */
class KafkaDeadLetterSinkIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String TOPIC = "serving.dead-letters";
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @Test
    void shouldWriteOnlyTheServerSideFailureToTheDeadLetterTopic() throws IOException {
        KAFKA.broker().createTopic(TOPIC, 1, Map.of());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String failing = "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}, {\"card_id\": \"c2\"}]}";
        try (FlakyStore store = new FlakyStore(new InMemoryOnlineStore(
                FeatureServer.layoutsFor(FeaturesEndpointTest.SPEC), clock));
                KafkaDeadLetterSink sink = KafkaDeadLetterSink.create(KAFKA.bootstrapServers(), TOPIC,
                        new SimpleMeterRegistry());
                ServerHarness server = new ServerHarness(FeaturesEndpointTest.SPEC, store, clock, 10, sink)) {
            // A client error first: on a one-partition topic it would come first if it were dead-lettered.
            assertThat(server.post("/v1/features", "{\"service\": \"nope\", \"entities\": []}").status())
                    .isEqualTo(404);
            store.down = true;
            assertThat(server.post("/v1/features", failing).status()).isEqualTo(503);
        }

        ConsumerRecord<byte[], byte[]> record = firstRecord();
        JsonNode value = ServerHarness.JSON.readTree(record.value());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("fraud_v1");
        assertThat(new String(record.headers().lastHeader("lockstep.error").value(), StandardCharsets.UTF_8))
                .isEqualTo("store_unavailable");
        assertThat(value.get("endpoint").asText()).isEqualTo("/v1/features");
        assertThat(value.get("status").asInt()).isEqualTo(503);
        assertThat(value.get("error").asText()).isEqualTo("store_unavailable");
        assertThat(value.get("failed_at_ms").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(value.get("request")).isEqualTo(ServerHarness.JSON.readTree(failing));
    }

    private static ConsumerRecord<byte[], byte[]> firstRecord() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            // Assigned, not subscribed: no consumer group to join, so the read starts at once.
            consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).as("dead letters on " + TOPIC).isNotEmpty();
            return records.get(0);
        }
    }
}
