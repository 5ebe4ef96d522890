package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ServingMain replay-dlq} against a real broker: a request dead-lettered during a Redis outage is
 * answered 200 once Redis is back; an unreadable record and one the target cannot serve are reported and
 * the replay goes on past them. Against a server with API tokens, the replay sends the one it is given.
 */
class DeadLetterReplayIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String DLQ = "replay.dead-letters";
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final String FEATURES = "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}";
    private static final String PREDICT = "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 5}}";

    private FlakyStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = new FlakyStore(ServerHarness.exampleStore(clock));
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW.toEpochMilli() - 1_000, NOW.toEpochMilli());
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldReplayEachRecordReportItAndGoOnPastFailures() {
        KAFKA.broker().createTopic(DLQ, 1, Map.of()); // one topic per test: the broker is the class's
        try (KafkaDeadLetterSink sink = KafkaDeadLetterSink.create(KAFKA.bootstrapServers(), DLQ, new SimpleMeterRegistry())) {
            server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, Clock.fixed(NOW, ZoneOffset.UTC))
                    .deadLetters(sink), 10);
            store.down = true;
            assertThat(server.post("/v1/features", FEATURES, "X-Request-Id", "checkout-41").status()).isEqualTo(503);
            store.down = false;
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(DLQ, "x".getBytes(StandardCharsets.UTF_8),
                    "not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(DLQ, "fraud".getBytes(StandardCharsets.UTF_8), ("{\"endpoint\":"
                    + " \"/v1/predict/fraud\", \"error\": \"model_unavailable\", \"failed_at_ms\": 7, \"request\": "
                    + PREDICT + "}").getBytes(StandardCharsets.UTF_8)));
        }
        StringWriter out = new StringWriter();
        String url = server.uri().toString();

        int exit = ServingMain.commandLine().setOut(new PrintWriter(out)).execute("replay-dlq",
                "--bootstrap", KAFKA.bootstrapServers(), "--topic", DLQ, "--url", url);

        String[] lines = out.toString().split("\n");
        assertThat(exit).isEqualTo(1);
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("0/0 /v1/features checkout-41 (store_unavailable at " + NOW.toEpochMilli() + ") -> 200");
        assertThat(lines[1]).startsWith("0/1 unreadable: not a dead letter (");
        assertThat(lines[2]).startsWith("0/2 /v1/predict/fraud (model_unavailable at 7) -> 404 {\"error\":\"not_found\"");
        assertThat(lines[3]).isEqualTo("replayed 3 record(s) of " + DLQ + " to " + url + ": 1 ok, 2 failed");
    }

    @Test
    void shouldReplayFromThePartitionsFirstOffsetWhenRetentionDeletedTheOlderRecords() throws Exception {
        String topic = "replay.retention";
        KAFKA.broker().createTopic(topic, 1, Map.of());
        try (KafkaDeadLetterSink sink = KafkaDeadLetterSink.create(KAFKA.bootstrapServers(), topic, new SimpleMeterRegistry())) {
            server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, Clock.fixed(NOW, ZoneOffset.UTC))
                    .deadLetters(sink), 10);
            store.down = true;
            for (int i = 0; i < 3; i++) {
                assertThat(server.post("/v1/features", FEATURES, "X-Request-Id", "checkout-5" + i).status()).isEqualTo(503);
            }
            store.down = false;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(2))).all().get();
        }
        StringWriter out = new StringWriter();
        String url = server.uri().toString();

        int exit = ServingMain.commandLine().setOut(new PrintWriter(out)).execute("replay-dlq",
                "--bootstrap", KAFKA.bootstrapServers(), "--topic", topic, "--url", url);

        assertThat(exit).isZero();
        assertThat(out.toString().split("\n")).containsExactly(
                "partition 0: records before offset 2 were deleted by the topic's retention; replaying from 2",
                "0/2 /v1/features checkout-52 (store_unavailable at " + NOW.toEpochMilli() + ") -> 200",
                "replayed 1 record(s) of " + topic + " to " + url + ": 1 ok, 0 failed");
    }

    @Test
    void shouldReplayARequestUnderItsOriginalRequestId() {
        String topic = "replay.ids";
        KAFKA.broker().createTopic(topic, 1, Map.of());
        store.down = true;
        try (KafkaDeadLetterSink sink = KafkaDeadLetterSink.create(KAFKA.bootstrapServers(), topic, new SimpleMeterRegistry());
                ServerHarness first = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store,
                        Clock.fixed(NOW, ZoneOffset.UTC)).deadLetters(sink), 10)) {
            assertThat(first.post("/v1/features", FEATURES, "X-Request-Id", "checkout-42").status()).isEqualTo(503);
        }
        List<FailedRequest> againDeadLettered = new CopyOnWriteArrayList<>();
        server = new ServerHarness(FeaturesEndpointTest.SPEC, store, Clock.fixed(NOW, ZoneOffset.UTC), 10,
                againDeadLettered::add);

        int exit = ServingMain.commandLine().setOut(new PrintWriter(new StringWriter())).execute("replay-dlq",
                "--bootstrap", KAFKA.bootstrapServers(), "--topic", topic, "--url", server.uri().toString());

        assertThat(exit).as("the store is still down: the replay fails again").isEqualTo(1);
        assertThat(againDeadLettered).singleElement().satisfies(letter -> {
            assertThat(letter.requestId()).isEqualTo("checkout-42");
            assertThat(letter.error()).isEqualTo("store_unavailable");
        });
    }

    @Test
    void shouldSendTheGivenApiTokenToAServerThatRequiresOne() {
        String topic = "replay.guarded";
        KAFKA.broker().createTopic(topic, 1, Map.of());
        try (KafkaDeadLetterSink sink = KafkaDeadLetterSink.create(KAFKA.bootstrapServers(), topic, new SimpleMeterRegistry())) {
            server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, Clock.fixed(NOW, ZoneOffset.UTC))
                    .deadLetters(sink).apiTokens(java.util.List.of("old-token", "new-token")), 10);
            store.down = true;
            assertThat(server.post("/v1/features", FEATURES, "Authorization", "Bearer old-token").status()).isEqualTo(503);
            store.down = false;
        }
        String url = server.uri().toString();
        StringWriter without = new StringWriter();
        StringWriter with = new StringWriter();

        int exitWithout = ServingMain.commandLine().setOut(new PrintWriter(without)).execute("replay-dlq",
                "--bootstrap", KAFKA.bootstrapServers(), "--topic", topic, "--url", url);
        int exitWith = ServingMain.commandLine().setOut(new PrintWriter(with)).execute("replay-dlq",
                "--bootstrap", KAFKA.bootstrapServers(), "--topic", topic, "--url", url, "--token", "new-token");

        assertThat(exitWithout).isEqualTo(1);
        assertThat(without.toString()).contains("-> 401 {\"error\":\"unauthorized\"");
        assertThat(exitWith).isEqualTo(0);
        assertThat(with.toString().split("\n")[0])
                .matches("0/0 /v1/features [0-9a-f]{16}-[0-9a-z]+ \\(store_unavailable at " + NOW.toEpochMilli() + "\\) -> 200");
    }
}
