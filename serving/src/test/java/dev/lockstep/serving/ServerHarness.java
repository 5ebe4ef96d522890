package dev.lockstep.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.store.InMemoryOnlineStore;
import dev.lockstep.store.OnlineStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** A started {@link FeatureServer} on a free port and a plain JDK HTTP client to call it. */
final class ServerHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final FeatureServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Staleness is checked by requests only, so tests that count store reads or alerts count theirs alone. */
    ServerHarness(FeatureServerBuilder builder, int maxEntities) {
        this(builder, ServingConfig.defaults(0).withHost("127.0.0.1").withMaxEntities(maxEntities)
                .withStalenessCheckInterval(Duration.ZERO));
    }

    ServerHarness(FeatureServerBuilder builder, ServingConfig config) {
        this.server = builder.config(config).start();
    }

    ServerHarness(FeatureSpec spec, OnlineStore store, Clock clock, int maxEntities, DeadLetterSink deadLetters) {
        this(builder(spec, store, clock).deadLetters(deadLetters), maxEntities);
    }

    /** An empty in-memory store laid out for the example spec ({@link FeaturesEndpointTest#SPEC}). */
    static InMemoryOnlineStore exampleStore(Clock clock) {
        return new InMemoryOnlineStore(FeatureServer.layoutsFor(FeaturesEndpointTest.SPEC), clock);
    }

    static FeatureServerBuilder builder(FeatureSpec spec, OnlineStore store, Clock clock) {
        return FeatureServer.builder(spec, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).clock(clock);
    }

    ServerHarness(FeatureSpec spec, OnlineStore store, Clock clock, int maxEntities) {
        this(spec, store, clock, maxEntities, DeadLetterSink.none());
    }

    ServerHarness(FeatureSpec spec, OnlineStore store, Clock clock) {
        this(spec, store, clock, ServingConfig.DEFAULT_MAX_ENTITIES);
    }

    Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts with one extra request header. */
    Reply post(String path, String body, String header, String value) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts without a Content-Length: the body goes chunked. */
    Reply postChunked(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Gets with one extra request header. */
    Reply get(String path, String header, String value) {
        return send(HttpRequest.newBuilder(uri(path)).header(header, value).GET());
    }

    /** Polls {@code GET /ready} until it answers 200; whether it did within {@code within}. */
    boolean awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (get("/ready").status() == 200) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The server's base URI. */
    URI uri() {
        return server.uri();
    }

    private URI uri(String path) {
        return server.uri().resolve(path);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + server.uri(), e);
        }
    }

    /** The server's model repository, when it was built with a model directory. */
    java.util.Optional<dev.lockstep.serving.model.ModelRepository> models() {
        return server.models();
    }

    @Override
    public void close() {
        server.close();
    }

    /** An HTTP answer; {@link #json()} parses the body. */
    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }
}
