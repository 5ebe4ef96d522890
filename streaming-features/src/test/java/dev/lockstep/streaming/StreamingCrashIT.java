package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across hard crashes: the app runs in a child JVM ({@link CrashChildMain}) that is killed with
 * SIGKILL (no shutdown hook, no close, an open transaction, unflushed Redis buffers) three times while a
 * generated stream is being produced and processed; a fourth child finishes the stream. Redis must then
 * equal the offline reference and the committed DLQ must hold each rejected record exactly once.
 */
class StreamingCrashIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void shouldNeitherLoseNorDoubleCountAcrossRepeatedHardKills() throws Exception {
        KAFKA.broker().createTopic(Transactions.TOPIC, 3, Map.of("message.timestamp.type", "LogAppendTime"));
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(
                CrashChildMain.registerInOrder(new InMemorySchemaRegistry()));
        List<GeneratedStream.Produced> produced = GeneratedStream.generate(new Transactions(wireFormat),
                System.currentTimeMillis(), 3_000, 11);
        Path stateDir = Files.createDirectories(dir.resolve("state"));
        Random random = new Random(11);
        try (KafkaTopics kafka = new KafkaTopics(KAFKA.bootstrapServers());
             RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), OnlineStoreLayouts.of(Transactions.SPEC),
                     Clock.systemUTC())) {
            // Paced over ~20 s, so every kill below lands while records are still arriving and being processed.
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> producePaced(kafka, produced));
            for (int run = 0; run < KILLS; run++) {
                long before = hotVersions(store);
                Process child = startChild(stateDir, dir.resolve("child-" + run + ".log"));
                // Once this child has committed some work (on a loaded machine that can take seconds after
                // RUNNING), kill it somewhere further into processing, not at a fixed point.
                long deadline = System.currentTimeMillis() + 30_000;
                while (hotVersions(store) == before && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(random.nextInt(500));
                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("killed child " + run + " exited").isTrue();
            }
            // The killed children did process (and write) part of the stream, so the last one resumes mid-way.
            assertThat(store.readTiles("card_txn", List.of("hot0", "hot1", "hot2", "hot3", "hot4")).values())
                    .as("tiles written before the last kill").anyMatch(tiles -> !tiles.tiles().isEmpty());
            producing.get(180, TimeUnit.SECONDS); // paced: ~40 s alone, longer on a loaded machine
            Process last = startChild(stateDir, dir.resolve("child-last.log"));
            try {
                Reference reference = Reference.of(PLAN, wireFormat,
                        kafka.readAll(Transactions.TOPIC, produced.size()));
                assertThat(reference.duplicates()).isPositive();
                assertThat(reference.rejections()).isNotEmpty();
                long deadline = System.currentTimeMillis() + 90_000;
                Settle.assertDeadLetters(kafka, wireFormat, Transactions.TOPIC + ".dlq", reference, deadline);
                Settle.assertTiles(store, "card_txn", reference, deadline);
            } finally {
                last.destroyForcibly();
                last.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The sum of the versions of the hot entities' tiles in Redis: grows whenever a run commits their updates. */
    private static long hotVersions(RedisOnlineStore store) {
        return store.readTiles("card_txn", List.of("hot0", "hot1", "hot2", "hot3", "hot4")).values().stream()
                .flatMap(tiles -> tiles.versions().values().stream()).mapToLong(Long::longValue).sum();
    }

    private static void producePaced(KafkaTopics kafka, List<GeneratedStream.Produced> records) {
        int chunk = 15;
        for (int i = 0; i < records.size(); i += chunk) {
            kafka.produce(Transactions.TOPIC, records.subList(i, Math.min(records.size(), i + chunk)));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted after producing " + i + " records", e);
            }
        }
    }

    /** Starts a child JVM running the app and waits until it reports RUNNING. */
    private static Process startChild(Path stateDir, Path log) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CrashChildMain.class.getName(),
                KAFKA.bootstrapServers(), REDIS.uri(), stateDir.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Generous: a JVM starting Kafka Streams on a shared 2-core machine under heavy load can take a minute.
        long deadline = System.currentTimeMillis() + 180_000;
        while (!isRunning(log)) {
            if (!child.isAlive() || System.currentTimeMillis() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("child JVM did not report running (alive=" + child.isAlive() + "); its log "
                        + log + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        return child;
    }

    private static boolean isRunning(Path log) throws IOException {
        return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(CrashChildMain.RUNNING);
    }
}
