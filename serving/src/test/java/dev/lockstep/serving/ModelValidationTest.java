package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.serving.internal.ServiceCatalog;
import dev.lockstep.serving.model.LoadedModel;
import dev.lockstep.serving.model.ModelMetrics;
import dev.lockstep.serving.model.ModelRepository;
import dev.lockstep.store.InMemoryOnlineStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A new version whose manifest disagrees with the spec or with its model.onnx is refused with a precise
 * reason (answered by {@code POST /admin/models/reload}), and the current version keeps serving.
 */
class ModelValidationTest {

    private static final long NOW = FeaturesEndpointTest.NOW;

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
                .models(ExampleModels.config(models).withPollInterval(Duration.ZERO)), 10);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    static Stream<Arguments> brokenManifests() {
        return Stream.of(
                Arguments.of("a column too few", (Consumer<ObjectNode>) m -> columns(m).remove(0),
                        "model fraud version 2: manifest input 'input' has 5 columns but model.onnx's input has"
                                + " shape [-1, 6]"),
                Arguments.of("a feature the service does not serve",
                        (Consumer<ObjectNode>) m -> ((ObjectNode) columns(m).get(0)).put("feature", "card_txn.nope"),
                        "model fraud version 2: feature column card_txn.nope is not served by service fraud_v1, which"
                                + " has [card_txn.amount_avg_30d, card_txn.amount_max_24h, card_txn.amount_sum_1h,"
                                + " card_txn.last_country, card_txn.merchants_24h, card_txn.txn_count_10m]"),
                Arguments.of("a string feature",
                        (Consumer<ObjectNode>) m -> ((ObjectNode) columns(m).get(0)).put("feature", "card_txn.last_country"),
                        "model fraud version 2: feature column card_txn.last_country is not a number (last of STRING);"
                                + " a float input takes numeric features only"),
                Arguments.of("an output index out of range",
                        (Consumer<ObjectNode>) m -> ((ObjectNode) m.get("outputs").get(0)).put("index", 2),
                        "model fraud version 2: manifest output 'output' index 2 is out of range for shape [-1, 2]"),
                Arguments.of("an output the model does not have",
                        (Consumer<ObjectNode>) m -> ((ObjectNode) m.get("outputs").get(0)).put("name", "probabilities"),
                        "model fraud version 2: manifest output 'probabilities' is not an output of model.onnx, whose"
                                + " outputs are [output]"),
                Arguments.of("an input the model does not have",
                        (Consumer<ObjectNode>) m -> ((ObjectNode) m.get("inputs").get(0)).put("name", "x"),
                        "model fraud version 2: manifest input 'x' is not an input of model.onnx, whose inputs are [input]"),
                Arguments.of("a service that feeds another model",
                        (Consumer<ObjectNode>) m -> m.put("service", "nope"),
                        "model fraud version 2: the manifest's service 'nope' is not in the spec; it has"
                                + " [daily, fraud_fallback, fraud_strict, fraud_v1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void shouldRefuseAVersionWhoseManifestDisagreesAndKeepServingTheCurrentOne(String why, Consumer<ObjectNode> breakIt,
            String reason) throws IOException {
        ExampleModels.install(models, "2", "2");
        Path manifest = models.resolve("fraud/2/manifest.json");
        ObjectNode node = (ObjectNode) ServerHarness.JSON.readTree(manifest.toFile());
        breakIt.accept(node);
        ServerHarness.JSON.writeValue(manifest.toFile(), node);

        JsonNode reload = server.post("/admin/models/reload", "").json();

        assertThat(reload.at("/models/fraud/status").asText()).isEqualTo("failed");
        assertThat(reload.at("/models/fraud/version").asText()).isEqualTo("1");
        assertThat(reload.at("/models/fraud/error").asText()).isEqualTo(reason);
        assertThat(server.post("/v1/predict/fraud", "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 1}}")
                .json().get("model_version").asText()).isEqualTo("1");
    }

    @Test
    void shouldNameTheFileAndJsonPathOfAMissingFeatureDefault() throws IOException {
        ExampleModels.install(models, "2", "2");
        Path manifest = models.resolve("fraud/2/manifest.json");
        ObjectNode node = (ObjectNode) ServerHarness.JSON.readTree(manifest.toFile());
        ((ObjectNode) columns(node).get(3)).remove("default");
        ServerHarness.JSON.writeValue(manifest.toFile(), node);

        JsonNode reload = server.post("/admin/models/reload", "").json();

        assertThat(reload.at("/models/fraud/error").asText()).isEqualTo(manifest + ": $.inputs[0].columns[3].default"
                + " is required for a feature: it is the input when the feature is missing");
    }

    @Test
    void shouldLoadAVersionAddedByHandOnAnAdminReload() {
        ExampleModels.install(models, "2", "2");

        JsonNode reload = server.post("/admin/models/reload", "").json();

        assertThat(reload.toString()).isEqualTo("{\"models\":{\"fraud\":{\"status\":\"loaded\",\"version\":\"2\"}}}");
        assertThat(Files.exists(models.resolve("fraud/2/model.onnx"))).isTrue();
    }

    @Test
    void shouldTryEachBrokenVersionOnceWhilePollingUntilItsDirectoryChanges(@TempDir Path polled) throws Exception {
        ExampleModels.install(polled, "1", "1");
        for (String version : List.of("3", "4")) {
            ExampleModels.install(polled, "2", version);
            Path manifest = polled.resolve("fraud/" + version + "/manifest.json");
            ObjectNode node = (ObjectNode) ServerHarness.JSON.readTree(manifest.toFile());
            ((ObjectNode) columns(node).get(3)).remove("default");
            ServerHarness.JSON.writeValue(manifest.toFile(), node);
        }
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        try (ServerHarness polling = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .models(ExampleModels.config(polled).withPollInterval(Duration.ofMillis(50))), 10)) {
            Thread.sleep(1_000); // some twenty polls

            assertThat(polling.get("/metrics").body().lines()
                    .filter(line -> line.startsWith("lockstep_serving_model_loads_total{") && line.contains("outcome=\"failed\""))
                    .toList())
                    .as("versions 3 and 4 failed once each, at the start, and were not retried")
                    .singleElement().satisfies(line -> assertThat(line).endsWith(" 2.0"));
            assertThat(polling.post("/v1/predict/fraud", "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 1}}")
                    .json().get("model_version").asText()).isEqualTo("1");
        }
    }

    @Test
    void shouldRefuseAVersionWhoseFirstInferenceOutlastsTheWarmUpTimeoutAndKeepServingTheCurrentOne(
            @TempDir Path slow) {
        ExampleModels.install(slow, "1", "1");
        ExampleModels.installSlow(slow, "2"); // spins ~1.6 s per inference unless terminated
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        try (ServerHarness guarded = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .models(ExampleModels.config(slow).withPollInterval(Duration.ZERO)
                        .withWarmUpTimeout(Duration.ofMillis(200))), 10)) {

            JsonNode reload = guarded.post("/admin/models/reload", "").json();

            assertThat(reload.at("/models/fraud/status").asText()).isEqualTo("failed");
            assertThat(reload.at("/models/fraud/version").asText()).isEqualTo("1");
            assertThat(reload.at("/models/fraud/error").asText()).isEqualTo("model fraud version 2: its first"
                    + " inference did not finish within the warm-up timeout of 200 ms");
            assertThat(guarded.post("/v1/predict/fraud", "{\"entity\": {\"card_id\": \"c1\"}, \"request\": {\"amount\": 1}}")
                    .json().get("model_version").asText()).isEqualTo("1");
        }
    }

    @Test
    void shouldLoadNothingOnceClosedEvenWhenAReloadComesAfterwards(@TempDir Path root) {
        ExampleModels.install(root, "1", "1");
        ModelRepository repository = new ModelRepository(ExampleModels.config(root).withPollInterval(Duration.ZERO),
                ServiceCatalog.of(FeaturesEndpointTest.SPEC), new ModelMetrics(new SimpleMeterRegistry()));
        assertThat(repository.acquire("fraud")).hasValueSatisfying(LoadedModel::release);

        repository.close();

        // A poll that was waiting for the repository while it closed would reload just so.
        assertThat(repository.reload(true)).isEmpty();
        assertThat(repository.acquire("fraud")).isEmpty();
    }

    private static ArrayNode columns(ObjectNode manifest) {
        return (ArrayNode) manifest.get("inputs").get(0).get("columns");
    }
}
