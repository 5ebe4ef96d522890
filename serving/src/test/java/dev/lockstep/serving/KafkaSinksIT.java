package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dead letters and staleness alerts on a real (in-process) Kafka broker, one broker for both. */
class KafkaSinksIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String DLQ = "serving.dead-letters";
    private static final String ALERTS = "serving.staleness-alerts";
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final String FAILING =
            "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}, {\"card_id\": \"c2\"}]}";

    private static FlakyStore store;
    private static KafkaDeadLetterSink deadLetters;
    private static KafkaStalenessAlertSink alerts;
    private static ServerHarness server;

    @BeforeAll
    static void start() {
        KAFKA.broker().createTopic(DLQ, 1, Map.of());
        KAFKA.broker().createTopic(ALERTS, 1, Map.of());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = new FlakyStore(ServerHarness.exampleStore(clock));
        deadLetters = KafkaDeadLetterSink.create(KAFKA.bootstrapServers(), DLQ, new SimpleMeterRegistry());
        alerts = KafkaStalenessAlertSink.create(KAFKA.bootstrapServers(), ALERTS, new SimpleMeterRegistry());
        server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .deadLetters(deadLetters).stalenessAlerts(alerts), 10);
    }

    @AfterAll
    static void stop() {
        server.close();
        deadLetters.close();
        alerts.close();
        store.close();
    }

    @Test
    void shouldWriteOnlyTheServerSideFailureToTheDeadLetterTopic() throws IOException {
        // A client error first: on a one-partition topic it would come first if it were dead-lettered.
        assertThat(server.post("/v1/features", "{\"service\": \"nope\", \"entities\": []}").status()).isEqualTo(404);
        store.down = true;
        try {
            assertThat(server.post("/v1/features", FAILING, "X-Request-Id", "checkout-42").status()).isEqualTo(503);
        } finally {
            store.down = false;
        }

        ConsumerRecord<byte[], byte[]> record = firstRecord(DLQ);
        JsonNode value = ServerHarness.JSON.readTree(record.value());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("fraud_v1");
        assertThat(header(record, "lockstep.error")).isEqualTo("store_unavailable");
        assertThat(value.get("endpoint").asText()).isEqualTo("/v1/features");
        assertThat(value.get("request_id").asText()).isEqualTo("checkout-42");
        assertThat(value.get("status").asInt()).isEqualTo(503);
        assertThat(value.get("error").asText()).isEqualTo("store_unavailable");
        assertThat(value.get("failed_at_ms").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(value.get("request")).isEqualTo(ServerHarness.JSON.readTree(FAILING));
    }

    @Test
    void shouldPublishStalenessAlertOfAGroupWithoutHeartbeat() throws IOException {
        assertThat(server.post("/v1/features", "{\"service\": \"daily\", \"entities\": []}").status())
                .isEqualTo(200);

        ConsumerRecord<byte[], byte[]> record = firstRecord(ALERTS);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("card_daily");
        assertThat(header(record, "lockstep.alert")).isEqualTo("stale_group");
        assertThat(ServerHarness.JSON.readTree(record.value())).isEqualTo(ServerHarness.JSON.readTree(
                "{\"group\": \"card_daily\", \"reason\": \"no_heartbeat\", \"age_ms\": null,"
                        + " \"freshness_ms\": 86400000, \"detected_at_ms\": " + NOW.toEpochMilli() + "}"));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<byte[], byte[]> firstRecord(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            // Assigned, not subscribed: no consumer group to join, so the read starts at once.
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).as("records on " + topic).isNotEmpty();
            return records.get(0);
        }
    }
}
