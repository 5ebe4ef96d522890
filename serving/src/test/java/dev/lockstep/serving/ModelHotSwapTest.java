package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.serving.model.LoadedModel;
import dev.lockstep.serving.model.ModelRepository;
import dev.lockstep.store.InMemoryOnlineStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new version directory appears while several clients predict as fast as they can: no request fails,
 * each response's score is the one its named version computes, each client's versions never go backwards,
 * and the old session closes only once the last request holding it lets go.
 */
class ModelHotSwapTest {

    private static final long NOW = FeaturesEndpointTest.NOW;
    private static final String REQUEST = "{\"entity\": {\"card_id\": \"c404\"}, \"request\": {\"amount\": 300.0}}";
    private static final int CLIENTS = 4;

    @TempDir
    Path models;
    private InMemoryOnlineStore store;
    private ServerHarness server;

    @BeforeEach
    void start() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = ServerHarness.exampleStore(clock);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 1_000, NOW);
        ExampleModels.install(models, "1", "1");
        server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .models(ExampleModels.config(models).withPollInterval(Duration.ofMillis(20))), 10);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldSwapInANewVersionUnderLoadWithoutAFailedOrMislabelledResponse() throws Exception {
        Map<String, Float> scoreOf = Map.of(
                "1", ExampleModels.score("1", 0f, 0f, 0f, 0f, 0f, 300f),
                "2", ExampleModels.score("2", 0f, 0f, 0f, 0f, 0f, 300f));
        assertThat(scoreOf.get("1")).isNotEqualTo(scoreOf.get("2"));
        ModelRepository repository = server.models().orElseThrow();
        LoadedModel held = repository.acquire("fraud").orElseThrow();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<JsonNode>>> answers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            answers.add(clients.submit(() -> {
                List<JsonNode> seen = new ArrayList<>();
                while (!stop.get()) {
                    ServerHarness.Reply reply = server.post("/v1/predict/fraud", REQUEST);
                    seen.add(reply.status() == 200 ? reply.json() : ServerHarness.JSON.createObjectNode()
                            .put("failed", reply.status() + " " + reply.body()));
                    answered.incrementAndGet();
                }
                return seen;
            }));
        }
        awaitAnswers(answered, 200);
        ExampleModels.install(models, "2", "2");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"2".equals(currentVersion(repository)) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        awaitAnswers(answered, answered.get() + 200);
        stop.set(true);
        clients.shutdown();

        List<String> versionsSeen = new ArrayList<>();
        for (Future<List<JsonNode>> answer : answers) {
            List<String> versions = new ArrayList<>();
            for (JsonNode response : answer.get()) {
                assertThat(response.has("failed")).as("a failed request: %s", response).isFalse();
                String version = response.get("model_version").asText();
                assertThat(response.at("/prediction/fraud_probability").floatValue())
                        .as("score of a response naming version %s", version).isEqualTo(scoreOf.get(version));
                versions.add(version);
            }
            assertThat(versions).as("versions one client saw, in order").isSortedAccordingTo(String::compareTo);
            versionsSeen.addAll(versions);
        }
        assertThat(versionsSeen).contains("1", "2");
        assertThat(held.version()).isEqualTo("1");
        assertThat(held.isClosed()).as("version 1 while this test still holds it").isFalse();
        held.release();
        assertThat(held.isClosed()).as("version 1 once its last holder released it").isTrue();
    }

    private static void awaitAnswers(AtomicInteger answered, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answered.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static String currentVersion(ModelRepository repository) {
        return repository.acquire("fraud").map(m -> {
            m.release();
            return m.version();
        }).orElse(null);
    }
}
