package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a cluster that admits only SASL clients over TLS, the Kafka client properties file
 * ({@code LOCKSTEP_KAFKA_CLIENT_CONFIG}) is all serving needs: its dead letters reach the topic, and
 * {@code replay-dlq --kafka-config} reads them back and replays them.
 */
class SecuredKafkaIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withSaslSsl();

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final String DLQ = "secured.dead-letters";
    private static final String FEATURES = "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}";

    @TempDir
    Path dir;

    @Test
    void shouldDeadLetterAndReplayThroughTheClientConfigFile() throws Exception {
        KAFKA.broker().createTopic(DLQ, 1, Map.of());
        Path clientConfig = Files.writeString(dir.resolve("kafka-client.properties"), KAFKA.broker().clientSecurity()
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        ServingMain.Settings settings = ServingMain.Settings.from(Map.of("LOCKSTEP_KAFKA_BOOTSTRAP",
                KAFKA.bootstrapServers(), "LOCKSTEP_KAFKA_CLIENT_CONFIG", clientConfig.toString()));
        assertThat(settings.kafkaClient()).isEqualTo(KAFKA.broker().clientSecurity());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        FlakyStore store = new FlakyStore(ServerHarness.exampleStore(clock));
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW.toEpochMilli() - 1_000, NOW.toEpochMilli());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KafkaDeadLetterSink sink = KafkaDeadLetterSink.create(KAFKA.bootstrapServers(), settings.kafkaClient(), DLQ,
                meters);
             ServerHarness server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                     .deadLetters(sink), 10)) {
            store.down = true;
            assertThat(server.post("/v1/features", FEATURES, "X-Request-Id", "checkout-43").status()).isEqualTo(503);
            store.down = false;
            sink.close(); // flushes
            assertThat(meters.get("lockstep.serving.dead_letters").tag("outcome", "sent").counter().count()).isEqualTo(1);
            StringWriter out = new StringWriter();

            int exit = ServingMain.commandLine().setOut(new PrintWriter(out)).execute("replay-dlq", "--bootstrap",
                    KAFKA.bootstrapServers(), "--topic", DLQ, "--url", server.uri().toString(), "--kafka-config",
                    clientConfig.toString());

            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString()).contains("0/0 /v1/features checkout-43 (store_unavailable at " + NOW.toEpochMilli()
                    + ") -> 200");
        } finally {
            store.close();
        }
    }

    @Test
    void shouldNameTheVariableWhenTheClientConfigCannotBeRead() {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_KAFKA_CLIENT_CONFIG", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid value '" + missing + "' for environment variable "
                        + "LOCKSTEP_KAFKA_CLIENT_CONFIG: cannot read it as a Kafka client properties file");
    }
}
