package dev.lockstep.streaming.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.StreamingProgress;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.testing.redis.RedisServerProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a real process: starts while Redis is down and connects once it answers, serves Prometheus
 * metrics, and SIGTERM stops it gracefully (it leaves the group).
 */
class StreamingMainRunIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final Pattern METRICS_URL = Pattern.compile("metrics at (http://localhost:\\d+/metrics)");

    @TempDir
    Path dir;

    @Test
    void shouldStartWhileRedisIsDownHeartbeatOnceItAnswersServeMetricsAndStopGracefullyOnSigterm() throws Exception {
        REDIS.server().kill();
        RedisServerProcess restarted = null;
        Path log = dir.resolve("run.log");
        Process child = startRun(writeConfig(dir, KAFKA.bootstrapServers(), REDIS.uri(), "lockstep-run-it", 1), log);
        try {
            String url = awaitMetricsUrl(child, log);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).as("Kafka Streams client metrics").contains("kafka_stream_");

            // Started without Redis; once Redis answers, the store connects by itself and the (empty, so
            // caught-up) partition heartbeats beside the topic's partition count, with no restart.
            restarted = REDIS.server().restartOnSamePort();
            assertThat(awaitHeartbeat(child, log)).isEqualTo(OptionalInt.of(1));

            child.destroy(); // SIGTERM
            assertThat(child.waitFor(40, TimeUnit.SECONDS)).as("stopped within the close timeout").isTrue();
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("stopping lockstep-run-it");
            try (Admin admin = KAFKA.broker().admin()) {
                // Left the group on close: a killed member would linger until its session timed out.
                assertThat(admin.describeConsumerGroups(List.of("lockstep-run-it")).all().get()
                        .get("lockstep-run-it").members()).isEmpty();
            }
        } finally {
            child.destroyForcibly();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    static Process startRun(Path config, Path log) throws Exception {
        return new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                StreamingMain.class.getName(), "run", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The source topic's published partition count, once partition 0 has heartbeat too. */
    private static OptionalInt awaitHeartbeat(Process child, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        try (RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), List.of(), Clock.systemUTC())) {
            while (System.currentTimeMillis() < deadline && child.isAlive()) {
                StreamingProgress progress = store.streamingProgress("card_txn", Transactions.TOPIC);
                if (progress.heartbeats().containsKey(0) && progress.partitionCount().isPresent()) {
                    return progress.partitionCount();
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no heartbeat in Redis after it came back (alive=" + child.isAlive() + "); log:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    static String awaitMetricsUrl(Process child, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && child.isAlive()) {
            Matcher matcher = METRICS_URL.matcher(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run did not report its metrics URL (alive=" + child.isAlive() + "); log:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    static Path writeConfig(Path dir, String bootstrapServers, String redisUri, String applicationId, int partitions,
                            String... extraLines) throws Exception {
        Path spec = dir.resolve("features.yaml");
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("examples/fraud/features.yaml")) {
            Files.copy(in, spec);
        }
        return Files.writeString(dir.resolve(applicationId + ".properties"), String.join("\n",
                "bootstrap.servers=" + bootstrapServers, "redis.uri=" + redisUri, "spec.file=" + spec,
                "schema.registry.url=mem://run-it", "metrics.port=0", "replication.factor=1",
                "source.partitions=" + partitions, "application.id=" + applicationId,
                "state.dir=" + dir.resolve(applicationId + "-state"), String.join("\n", extraLines), ""));
    }
}
