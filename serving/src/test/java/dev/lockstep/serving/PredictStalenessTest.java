package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.store.InMemoryOnlineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staleness policy of the model's feature service applies to predictions: with no heartbeat the group
 * is stale, and {@code fallback_default} feeds the manifest's defaults, {@code reject} answers 503.
 */
class PredictStalenessTest {

    private static final long NOW = FeaturesEndpointTest.NOW;
    private static final long MINUTE = FeaturesEndpointTest.MINUTE;
    private static final String REQUEST = "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 250.0}}";

    @TempDir
    Path models;
    private final List<FailedRequest> letters = new CopyOnWriteArrayList<>();
    private InMemoryOnlineStore store;
    private ServerHarness server;

    private void start(String service) throws IOException {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = ServerHarness.exampleStore(clock);
        new TileFixture(FeaturesEndpointTest.SPEC).txn("c1", NOW - 3 * MINUTE, NOW - 3 * MINUTE, 42.0, "m1", "FR")
                .writeTo(store);
        ExampleModels.install(models, "1", "1");
        Path manifest = models.resolve("fraud/1/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"fraud_v1\"", "\"" + service + "\""));
        server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .models(ExampleModels.config(models).withPollInterval(Duration.ZERO)).deadLetters(letters::add), 10);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldFeedTheDefaultsForStaleFeaturesUnderFallbackDefault() throws IOException {
        start("fraud_fallback");

        JsonNode body = server.post("/v1/predict/fraud", REQUEST).json();

        assertThat(body.get("service").asText()).isEqualTo("fraud_fallback");
        assertThat(body.at("/features/card_txn.amount_max_24h").toString())
                .isEqualTo("{\"value\":null,\"input\":0.0,\"age_ms\":null,\"status\":\"stale\"}");
        assertThat(body.at("/prediction/fraud_probability").floatValue())
                .isEqualTo(ExampleModels.score("1", 0f, 0f, 0f, 0f, 0f, 250f));
    }

    @Test
    void shouldRejectAndDeadLetterAPredictionWhoseServiceRejectsStaleFeatures() throws IOException {
        start("fraud_strict");

        ServerHarness.Reply reply = server.post("/v1/predict/fraud", REQUEST);

        PredictEndpointTest.assertError(reply, 503, "stale_features", "service fraud_strict rejects stale features"
                + " (policy reject): group card_txn has no heartbeat; group card_daily has no heartbeat");
        assertThat(letters).extracting(FailedRequest::endpoint, FailedRequest::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/v1/predict/fraud", "stale_features"));
    }
}
