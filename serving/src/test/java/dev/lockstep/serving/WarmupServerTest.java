package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warm-up runs its requests through the endpoints before {@code GET /ready} answers 200, shows in none of the
 * server's metrics or dead letters, and fails the start, naming its line, when the API refuses one of its requests.
 * Fast, with the in-memory store.
 */
class WarmupServerTest {

    private static final String FEATURES = "{\"path\": \"/v1/features\", \"body\": {\"service\": \"fraud_v1\", "
            + "\"entities\": [{\"card_id\": \"c1\"}]}}";

    @TempDir
    Path dir;

    private FlakyStore store;
    private ServerHarness server;

    @BeforeEach
    void createStore() {
        store = new FlakyStore(ServerHarness.exampleStore(
                Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        store.close();
    }

    @Test
    void shouldAnswerNotReadyUntilTheWarmupHasRun() throws Exception {
        server = start(warmup(Duration.ofSeconds(2), FEATURES), DeadLetterSink.none());

        ServerHarness.Reply early = server.get("/ready");
        assertThat(early.status()).isEqualTo(503);
        assertThat(early.json().get("reason").asText()).matches("warming up: [0-2] of 2 s, \\d+ requests sent");
        assertThat(server.get("/health").status()).as("the process answers meanwhile").isEqualTo(200);

        assertThat(server.awaitReady(Duration.ofSeconds(10))).isTrue();
        assertThat(server.post("/v1/features", "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}")
                .status()).isEqualTo(200);
    }

    @Test
    void shouldKeepWarmupRequestsOutOfTheMetricsAndTheDeadLetters() throws Exception {
        store.down = true; // every warm-up request fails on the server's side: a caller's would be dead-lettered
        List<FailedRequest> deadLetters = new CopyOnWriteArrayList<>();
        server = start(warmup(Duration.ofMillis(500), FEATURES), deadLetters::add);
        Thread.sleep(700);
        store.down = false;
        assertThat(server.awaitReady(Duration.ofSeconds(10))).isTrue();

        String metrics = server.get("/metrics").body();
        assertThat(metrics).doesNotContain("lockstep_serving_stage_seconds")
                .doesNotContain("endpoint=\"/v1/features\"")
                .doesNotContain("store_unavailable");
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void shouldRunTheFirstPassOnlyWithADurationOfZero() throws Exception {
        server = start(warmup(Duration.ZERO, FEATURES), DeadLetterSink.none());

        assertThat(server.get("/ready").status()).isEqualTo(200);
    }

    @Test
    void shouldFailTheStartNamingTheLineOfARequestTheApiRefuses() throws IOException {
        Warmup plan = warmup(Duration.ofSeconds(30), FEATURES,
                "{\"path\": \"/v1/features\", \"body\": {\"service\": \"fraud_v9\", \"entities\": [{\"card_id\": \"c1\"}]}}");

        assertThatThrownBy(() -> start(plan, DeadLetterSink.none()))
                .isInstanceOf(ServingException.class)
                .hasMessageStartingWith("warmup.jsonl:2: the API refuses this warm-up request to /v1/features: 4")
                .hasMessageContaining("fraud_v9");
    }

    @Test
    void shouldFailTheStartOfAServerWithoutModelsGivenAPrediction() throws IOException {
        Warmup plan = warmup(Duration.ofSeconds(30),
                "{\"path\": \"/v1/predict/fraud\", \"body\": {\"entity\": {\"card_id\": \"c1\"}}}");

        assertThatThrownBy(() -> start(plan, DeadLetterSink.none()))
                .isInstanceOf(ServingException.class)
                .hasMessage("warmup.jsonl:1: warm-up request to /v1/predict/fraud, but this server has no models "
                        + "(LOCKSTEP_MODELS_DIR)");
    }

    @Test
    void shouldWarmUpPredictionsWithModels() throws Exception {
        Path models = dir.resolve("models");
        ExampleModels.install(models, "1", "1");
        Warmup plan = warmup(Duration.ofMillis(300),
                "{\"path\": \"/v1/predict/fraud\", \"body\": {\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 12.0}}}");
        server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, Clock.systemUTC())
                .models(ExampleModels.config(models)).warmup(plan), config());

        assertThat(server.awaitReady(Duration.ofSeconds(10))).isTrue();
        assertThat(server.get("/metrics").body()).doesNotContain("lockstep_serving_inference_seconds")
                .doesNotContain("lockstep_serving_prediction");
    }

    private ServerHarness start(Warmup plan, DeadLetterSink deadLetters) {
        return new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, Clock.systemUTC())
                .deadLetters(deadLetters).warmup(plan), config());
    }

    private static ServingConfig config() {
        return ServingConfig.defaults(0).withHost("127.0.0.1").withStalenessCheckInterval(Duration.ZERO);
    }

    private Warmup warmup(Duration duration, String... lines) throws IOException {
        return Warmup.readJsonLines(Files.writeString(dir.resolve("warmup.jsonl"), String.join("\n", lines) + "\n"),
                duration);
    }
}
