package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.RedisOnlineStore;
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
import java.util.TreeMap;
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
            Map<Integer, Long> lastArrivals = lastArrivalByPartition(records);
            while (!watermarksAre(store, lastArrivals) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(watermarksAre(store, lastArrivals)).as("heartbeats carry the millisecond before each partition's last arrival").isTrue();
            // No failure in this run, so nothing was reprocessed and the counters are exact.
            assertThat(count(meters, "accepted")).isEqualTo(reference.accepted().size());
            assertThat(count(meters, "duplicate")).isEqualTo(reference.duplicates());
            assertThat(count(meters, "rejected")).isEqualTo(reference.rejections().size());
            app.close();

            assertRebuildFromTheTileTopicRestoresTheTiles(store, reference);
            assertARestartedIdleAppHeartbeatsItsWatermarks(config, wireFormat, store, records);
        }
    }

    /** Redis is a cache: wiped, it is rebuilt from the compacted tile topic to the same tiles. */
    private static void assertRebuildFromTheTileTopicRestoresTheTiles(RedisOnlineStore store, Reference reference)
            throws InterruptedException {
        store.deleteAll();
        new TileTopicRebuild(KAFKA.bootstrapServers(), "lockstep.tiles", store, 1_000).run(Duration.ofSeconds(30));
        Settle.assertTiles(store, "card_txn", reference, System.currentTimeMillis());
    }

    /** With no new input, every partition heartbeats the last arrival it processed, persisted before the stop. */
    private static void assertARestartedIdleAppHeartbeatsItsWatermarks(StreamingConfig config,
            ConfluentWireFormat wireFormat, RedisOnlineStore store, List<SourceRecordAt> records)
            throws InterruptedException {
        Map<Integer, Long> lastArrivals = lastArrivalByPartition(records);
        long restartedAt = System.currentTimeMillis();
        try (StreamingApp again = new StreamingApp(config, Transactions.SPEC,
                new TopologyServices(wireFormat, store, new SimpleMeterRegistry(), Clock.systemUTC()))) {
            again.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!allBeatSince(store, restartedAt) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(allBeatSince(store, restartedAt)).as("heartbeats of all partitions after restart").isTrue();
            store.streamingWatermarks(Transactions.TOPIC).forEach((partition, beat) ->
                    assertThat(beat.watermarkMillis()).as("partition " + partition).isEqualTo(lastArrivals.get(partition)));
        }
    }

    private static long count(SimpleMeterRegistry meters, String outcome) {
        return Math.round(meters.find(SourceMetrics.RECORDS).tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum());
    }

    private static Map<Integer, Long> lastArrivalByPartition(List<SourceRecordAt> records) {
        Map<Integer, Long> lastArrivals = new TreeMap<>();
        // A watermark claims the milliseconds before the last processed arrival (more may share its own).
        records.forEach(r -> lastArrivals.merge(r.position().partition(), r.position().arrivalMillis() - 1, Math::max));
        return lastArrivals;
    }

    private static boolean watermarksAre(RedisOnlineStore store, Map<Integer, Long> expected) {
        Map<Integer, Long> actual = new TreeMap<>();
        store.streamingWatermarks(Transactions.TOPIC).forEach((partition, beat) -> actual.put(partition, beat.watermarkMillis()));
        return actual.equals(expected);
    }

    private static boolean allBeatSince(RedisOnlineStore store, long since) {
        var beats = store.streamingWatermarks(Transactions.TOPIC);
        return beats.size() == 3 && beats.values().stream().allMatch(beat -> beat.publishedAtMillis() >= since);
    }
}
