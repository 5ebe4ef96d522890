package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.StreamingProgress;
import dev.lockstep.streaming.internal.SourceMetrics;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming application end to end on a real broker, run against each kind of Redis the online store
 * connects to: subclasses only say where Redis is.
 */
abstract class StreamingAppContract {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);

    @TempDir
    Path stateDir;

    /** The online store's URI for this run. */
    protected abstract String redisUri();

    /**
     * One run over a generated stream, then two follow-ups on its result: Redis wiped and rebuilt from the
     * tile topic, and the app restarted with no new input.
     */
    @Test
    @SuppressWarnings("try") // the app is closed early, before the rebuild; closing it again is a no-op
    void shouldMatchTheOfflineReferenceEndToEndThenRebuildRedisAndHeartbeatAfterARestart() throws Exception {
        KAFKA.broker().createTopic(Transactions.TOPIC, 3, Map.of("message.timestamp.type", "LogAppendTime"));
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
        List<GeneratedStream.Produced> produced = GeneratedStream.generate(new Transactions(wireFormat),
                System.currentTimeMillis(), 3_000, 42);
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "replication.factor", "1", "source.partitions", "3", "state.dir", stateDir.toString(),
                "watermark.heartbeat.interval.ms", "500", "application.id", "lockstep-it"), Map.of());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KafkaTopics kafka = new KafkaTopics(KAFKA.bootstrapServers());
             RedisOnlineStore store = RedisOnlineStore.connect(redisUri(), OnlineStoreLayouts.of(Transactions.SPEC),
                     Clock.systemUTC());
             StreamingApp app = new StreamingApp(config, Transactions.SPEC,
                     new TopologyServices(wireFormat, store, meters, Clock.systemUTC()))) {
            kafka.produce(Transactions.TOPIC, produced);
            List<SourceRecordAt> records = kafka.readAll(Transactions.TOPIC, produced.size());
            Reference reference = Reference.of(PLAN, wireFormat, records);
            assertThat(reference.duplicates()).isPositive();
            assertThat(new HashSet<>(reference.rejections().values())).contains(RejectReason.TOO_LATE,
                    RejectReason.TOO_FAR_IN_FUTURE, RejectReason.UNDECODABLE, RejectReason.UNKNOWN_SCHEMA,
                    RejectReason.INVALID_VALUE, RejectReason.MISSING_ENTITY_KEY);

            app.start();

            long deadline = System.currentTimeMillis() + 90_000;
            Settle.assertDeadLetters(kafka, wireFormat, Transactions.TOPIC + ".dlq", reference, deadline);
            Settle.assertTiles(store, "card_txn", reference, deadline);
            // Every record is processed: the partitions are caught up, so their heartbeats move past their
            // last arrival with the clock instead of repeating it.
            long settledAt = System.currentTimeMillis();
            while (!allCaughtUpSince(store, settledAt) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(allCaughtUpSince(store, settledAt))
                    .as("heartbeats of caught-up partitions keep up with the clock, beside the partition count")
                    .isTrue();
            assertThat(records).allSatisfy(r -> assertThat(r.position().arrivalMillis()).isLessThan(settledAt));
            // No failure in this run, so nothing was reprocessed and the counters are exact.
            assertThat(count(meters, "accepted")).isEqualTo(reference.accepted().size());
            assertThat(count(meters, "duplicate")).isEqualTo(reference.duplicates());
            assertThat(count(meters, "rejected")).isEqualTo(reference.rejections().size());
            app.close();

            assertRebuildFromTheTileTopicRestoresTheTiles(store, reference);
            assertARestartedIdleAppHeartbeatsCaughtUp(config, wireFormat, store);
        }
    }

    /** Redis is a cache: wiped, it is rebuilt from the compacted tile topic to the same tiles. */
    private static void assertRebuildFromTheTileTopicRestoresTheTiles(RedisOnlineStore store, Reference reference)
            throws InterruptedException {
        store.deleteAll();
        new TileTopicRebuild(KafkaConnection.plain(KAFKA.bootstrapServers()), "lockstep.tiles", store, 1_000).run(Duration.ofSeconds(30));
        Settle.assertTiles(store, "card_txn", reference, System.currentTimeMillis());
    }

    /** With no new input, every partition of a restarted app is caught up, and heartbeats so from then on. */
    private static void assertARestartedIdleAppHeartbeatsCaughtUp(StreamingConfig config,
            ConfluentWireFormat wireFormat, RedisOnlineStore store)
            throws InterruptedException {
        long restartedAt = System.currentTimeMillis();
        try (StreamingApp again = new StreamingApp(config, Transactions.SPEC,
                new TopologyServices(wireFormat, store, new SimpleMeterRegistry(), Clock.systemUTC()))) {
            again.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!allCaughtUpSince(store, restartedAt) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(allCaughtUpSince(store, restartedAt))
                    .as("caught up since the restart, and the count back after the rebuild wiped it").isTrue();
        }
    }

    private static long count(SimpleMeterRegistry meters, String outcome) {
        return Math.round(meters.find(SourceMetrics.RECORDS).tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum());
    }

    /**
     * Whether the topic's partition count (3) is published and all three partitions heartbeat a watermark of
     * at least {@code since} - 1 ms (caught up since).
     */
    private static boolean allCaughtUpSince(RedisOnlineStore store, long since) {
        StreamingProgress progress = store.streamingProgress("card_txn", Transactions.TOPIC);
        return progress.partitionCount().equals(OptionalInt.of(3)) && progress.heartbeats().size() == 3
                && progress.watermark().orElse(Long.MIN_VALUE) >= since - 1;
    }
}
