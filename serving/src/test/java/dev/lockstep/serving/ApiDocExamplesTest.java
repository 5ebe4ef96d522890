package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.store.InMemoryOnlineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md is the source of its examples: this test parses every marked request and response out of
 * it, sends each request to a server over the bundled fraud example with the events and heartbeats
 * described in the doc, and requires the documented status and JSON body exactly.
 */
class ApiDocExamplesTest {

    private static final Path DOC = Path.of("..", "docs", "api.md");
    private static final Pattern REQUEST = Pattern.compile(
            "<!-- example (\\S+) request: (GET|POST) (\\S+) -->\\s*```(?:json|http)?\\n(.*?)```", Pattern.DOTALL);
    private static final String RESPONSE = "<!-- example %s response: (\\d{3}) -->\\s*```json\\n(.*?)```";
    private static final long NOW = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    /** The caller's own request id, which the documented error bodies show. */
    private static final String CALLER_REQUEST_ID = "checkout-7f3c9a51";

    private static InMemoryOnlineStore store;
    private static ServerHarness server;

    @BeforeAll
    static void start() {
        FeatureSpec spec = FeatureSpecLoader.loadResource("examples/fraud/features.yaml");
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        store = new InMemoryOnlineStore(FeatureServer.layoutsFor(spec), clock);
        // The scenario docs/api.md describes under "Examples".
        new TileFixture(spec)
                .txn("c1", NOW - 3 * MINUTE, NOW - 3 * MINUTE + 200, 42.0, "m1", "FR")
                .txn("c1", NOW - 25 * MINUTE, NOW - 25 * MINUTE, 18.5, "m2", "FR")
                .txn("c1", NOW - 26 * 60 * MINUTE, NOW - 26 * 60 * MINUTE, 120.0, "m3", "DE")
                .txn("c2", NOW - 8 * MINUTE, NOW - 8 * MINUTE, 9.99, "m4", null)
                .writeTo(store);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 0, NOW - 1_500, NOW);
        store.publishStreamingWatermark(TileFixture.STREAMED_GROUP, TileFixture.TOPIC, 1, NOW - 2_300, NOW);
        // The committed example models: versions 1 and 2 of fraud, so version 2 serves.
        server = new ServerHarness(ServerHarness.builder(spec, store, clock).models(
                ExampleModels.config(ExampleModels.SOURCE.getParent()).withPollInterval(Duration.ZERO)), 100);
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void shouldAnswerEveryDocumentedRequestWithItsDocumentedResponse() throws IOException {
        String doc = Files.readString(DOC);
        List<String> checked = new ArrayList<>();
        Matcher request = REQUEST.matcher(doc);
        while (request.find()) {
            String name = request.group(1);
            Matcher response = Pattern.compile(String.format(RESPONSE, Pattern.quote(name)), Pattern.DOTALL)
                    .matcher(doc);
            assertThat(response.find()).as("docs/api.md has a response for example %s", name).isTrue();
            ServerHarness.Reply reply = "GET".equals(request.group(2))
                    ? server.get(request.group(3), "X-Request-Id", CALLER_REQUEST_ID)
                    : server.post(request.group(3), request.group(4), "X-Request-Id", CALLER_REQUEST_ID);
            JsonNode documented = ServerHarness.JSON.readTree(response.group(2));
            assertThat(reply.status()).as("status of example %s: %s", name, reply.body())
                    .isEqualTo(Integer.parseInt(response.group(1)));
            assertThat(reply.headers().firstValue("X-Request-Id")).as("request id of example %s", name)
                    .contains(CALLER_REQUEST_ID);
            assertThat(reply.json()).as("body of example %s, actual:%n%s", name,
                    ServerHarness.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reply.json()))
                    .isEqualTo(documented);
            checked.add(name);
        }
        assertThat(checked).as("examples found in docs/api.md").hasSizeGreaterThanOrEqualTo(10);
    }
}
