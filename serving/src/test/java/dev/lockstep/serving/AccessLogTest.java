package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With an access log, every request gets one line, request id included; without one, nothing is written. */
class AccessLogTest {

    private static final String LINE = "127\\.0\\.0\\.1 - - \\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\] ";

    @Test
    void shouldLogOneLinePerRequestWithItsStatusAndRequestId(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("access.log");
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
        FlakyStore store = new FlakyStore(ServerHarness.exampleStore(clock));
        try (ServerHarness server = new ServerHarness(ServerHarness.builder(FeaturesEndpointTest.SPEC, store, clock)
                .accessLog(log.toString()), ServingConfig.defaults(0).withHost("127.0.0.1")
                .withStalenessCheckInterval(Duration.ZERO))) {
            server.get("/health", "X-Request-Id", "checkout-1");
            server.post("/v1/features", "{\"service\": \"nope\", \"entities\": []}", "X-Request-Id", "checkout-2");
        } finally {
            store.close();
        }

        List<String> lines = Files.readAllLines(log); // the stop has flushed the writer
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches(LINE + "\"GET /health HTTP/1\\.1\" 200 \\d+ \\d+ checkout-1");
        assertThat(lines.get(1)).matches(LINE + "\"POST /v1/features HTTP/1\\.1\" 404 \\d+ \\d+ checkout-2");
    }
}
