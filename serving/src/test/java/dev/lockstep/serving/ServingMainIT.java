package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testing.redis.RedisServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ServingMain} as a real process, started while Redis is down: it listens, is healthy and not ready
 * (naming Redis), and turns ready by itself once Redis answers, without a restart.
 */
class ServingMainIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void shouldStartWhileRedisIsDownAndTurnReadyOnceRedisAnswers() throws Exception {
        RedisServerProcess redis = RedisServerProcess.start();
        redis.kill();
        int port = freePort();
        Path log = dir.resolve("serving.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ServingMain.class.getName())).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LOCKSTEP_HTTP_PORT", Integer.toString(port));
        builder.environment().put("LOCKSTEP_REDIS_URI", redis.uri());
        Process child = builder.start();
        try {
            HttpResponse<String> health = await(child, log, port, "/health", 200, Duration.ofSeconds(60));
            assertThat(health.body()).contains("\"status\"");
            HttpResponse<String> notReady = get(port, "/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"ready\":false").contains("not connected to Redis at " + redis.uri());

            redis = redis.restartOnSamePort();
            HttpResponse<String> ready = await(child, log, port, "/ready", 200, Duration.ofSeconds(30));
            assertThat(ready.body()).isEqualTo("{\"ready\":true}");
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("online store connected to Redis at");
        } finally {
            child.destroy();
            child.waitFor(30, TimeUnit.SECONDS);
            child.destroyForcibly();
            redis.close();
        }
    }

    private static HttpResponse<String> await(Process child, Path log, int port, String path, int status,
            Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("serving exited:%n%s", Files.readString(log, StandardCharsets.UTF_8))
                    .isTrue();
            try {
                last = get(port, path);
                if (last.statusCode() == status) {
                    return last;
                }
            } catch (IOException notListeningYet) {
                // the server is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("GET " + path + " did not answer " + status + " within " + within + "; last: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()) + "\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
