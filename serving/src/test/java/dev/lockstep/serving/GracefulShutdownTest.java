package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stop drains: it closes the listening socket, answers a new request on an open connection 503
 * {@code shutting_down}, lets the requests in flight finish within the grace, and cuts them after it. The store's
 * tile reads are held at a gate, as a slow Redis would hold them, so a request is in flight for as long as the test
 * says. Fast, without Redis.
 */
class GracefulShutdownTest {

    private static final String FEATURES = "{\"service\": \"fraud_v1\", \"entities\": [{\"card_id\": \"c1\"}]}";

    private FlakyStore store;
    private ServerHarness server;

    @BeforeEach
    void createStore() {
        store = new FlakyStore(ServerHarness.exampleStore(
                Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC)));
    }

    @AfterEach
    void stop() {
        store.releaseReads();
        server.close(); // stopping twice is harmless
        store.close();
    }

    @Test
    void shouldLetARequestInFlightFinishAndRefuseNewConnectionsMeanwhile() throws Exception {
        server = start(Duration.ofSeconds(10));
        store.holdReads();
        CompletableFuture<ServerHarness.Reply> inFlight = CompletableFuture.supplyAsync(() -> server.post("/v1/features", FEATURES));
        assertThat(store.awaitHeldRead(5, TimeUnit.SECONDS)).as("the request reached the store").isTrue();

        URI uri = server.uri(); // a stopped server has no port to tell
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        awaitRefused(uri);
        assertThat(stopping).as("the stop waits for the request in flight").isNotDone();
        assertThat(inFlight).isNotDone();
        store.releaseReads();

        ServerHarness.Reply reply = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("results").get(0).get("entity").get("card_id").asText()).isEqualTo("c1");
        stopping.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnswerShuttingDownToANewRequestOnAConnectionOpenedBefore() throws Exception {
        server = start(Duration.ofSeconds(10));
        byte[] health = RawHttpConnection.get(server.uri(), "/health");
        try (RawHttpConnection open = new RawHttpConnection(server.uri())) {
            assertThat(open.exchange(health).status()).isEqualTo(200);
            store.holdReads();
            CompletableFuture<ServerHarness.Reply> inFlight = CompletableFuture.supplyAsync(() -> server.post("/v1/features", FEATURES));
            assertThat(store.awaitHeldRead(5, TimeUnit.SECONDS)).isTrue();
            URI uri = server.uri();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            awaitRefused(uri);

            RawHttpConnection.Reply refused = open.exchange(health);

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers()).containsEntry("connection", "close");
            JsonNode body = ServerHarness.JSON.readTree(refused.body());
            assertThat(body.get("error").asText()).isEqualTo("shutting_down");
            assertThat(body.get("message").asText()).isEqualTo("the server is shutting down and takes no new "
                    + "request; GET /health was not run: send it again");
            store.releaseReads();
            assertThat(inFlight.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            stopping.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldCutARequestThatOutlastsTheGrace() throws Exception {
        server = start(Duration.ofMillis(300));
        store.holdReads();
        CompletableFuture<ServerHarness.Reply> inFlight = CompletableFuture.supplyAsync(() -> server.post("/v1/features", FEATURES));
        assertThat(store.awaitHeldRead(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture.runAsync(server::close).get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
                .as("the request held past the grace gets no answer: its connection is closed")
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(IOException.class);
    }

    private ServerHarness start(Duration grace) {
        return new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, Clock.systemUTC()),
                ServingConfig.defaults(0).withHost("127.0.0.1").withStalenessCheckInterval(Duration.ZERO)
                        .withShutdownGrace(grace));
    }

    /** Waits until a new connection to the server's port is refused: its listening socket is closed. */
    private static void awaitRefused(URI server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(server.getHost(), server.getPort())) {
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the server at " + server + " still accepts connections 5 s after the stop began");
    }
}
