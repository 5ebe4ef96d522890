package dev.lockstep.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StreamingAppIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SourcePlan PLAN = SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE);

    @TempDir
    Path stateDir;

    @Test
    void shouldWriteExactlyTheOfflineReferenceTilesToRedisAndDeadLetterExactlyTheRejectedRecords() throws Exception {
        KAFKA.broker().createTopic(Transactions.TOPIC, 3, Map.of("message.timestamp.type", "LogAppendTime"));
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
        List<GeneratedStream.Produced> produced = GeneratedStream.generate(new Transactions(wireFormat),
                System.currentTimeMillis(), 3_000, 42);
        try (KafkaTopics kafka = new KafkaTopics(KAFKA.bootstrapServers())) {
            run(kafka, wireFormat, produced);
        }
    }

    private void run(KafkaTopics kafka, ConfluentWireFormat wireFormat, List<GeneratedStream.Produced> produced)
            throws InterruptedException {
        kafka.produce(Transactions.TOPIC, produced);
        List<SourceRecordAt> records = kafka.readAll(Transactions.TOPIC, produced.size());
        Reference reference = Reference.of(PLAN, wireFormat, records);
        assertThat(reference.duplicates()).isPositive();
        assertThat(new java.util.HashSet<>(reference.rejections().values())).contains(RejectReason.TOO_LATE,
                RejectReason.TOO_FAR_IN_FUTURE, RejectReason.UNDECODABLE, RejectReason.UNKNOWN_SCHEMA,
                RejectReason.INVALID_VALUE, RejectReason.MISSING_ENTITY_KEY);

        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "replication.factor", "1", "source.partitions", "3", "state.dir", stateDir.toString(),
                "heartbeat.interval.ms", "500", "application.id", "lockstep-it"), Map.of());
        try (RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), OnlineStoreLayouts.of(Transactions.SPEC),
                Clock.systemUTC());
             StreamingApp app = new StreamingApp(config, Transactions.SPEC,
                     new TopologyServices(wireFormat, store, new SimpleMeterRegistry(), Clock.systemUTC()))) {
            app.start();

            Map<RecordPosition, String> expectedLetters = new TreeMap<>(KafkaTopics.BY_POSITION);
            reference.rejections().forEach((position, reason) -> expectedLetters.put(position, reason.name()));
            Map<RecordPosition, String> letters = new TreeMap<>(KafkaTopics.BY_POSITION);
            long deadline = System.currentTimeMillis() + 90_000;
            while (letters.size() < expectedLetters.size() && System.currentTimeMillis() < deadline) {
                for (byte[] value : kafka.pollCommitted(Transactions.TOPIC + ".dlq", Duration.ofMillis(500))) {
                    GenericRecord letter = wireFormat.decode(value, DeadLetters.SCHEMA).record();
                    letters.put(new RecordPosition(letter.get("source_topic").toString(),
                            (Integer) letter.get("source_partition"), (Long) letter.get("source_offset"),
                            (Long) letter.get("arrival_time")), letter.get("reason_code").toString());
                }
            }
            assertThat(letters).isEqualTo(expectedLetters);

            GroupPlan group = PLAN.group("card_txn");
            Map<String, Map<TileKey, byte[]>> expected = reference.tiles().get("card_txn");
            Map<String, EntityTiles> stored = Map.of();
            while (!matches(stored, expected) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                stored = store.readTiles(group.name(), new ArrayList<>(expected.keySet()));
            }
            for (Map.Entry<String, Map<TileKey, byte[]>> entity : expected.entrySet()) {
                Map<TileKey, byte[]> actual = stored.get(entity.getKey()).tiles();
                assertThat(actual.keySet()).as(entity.getKey()).isEqualTo(entity.getValue().keySet());
                entity.getValue().forEach((tile, bytes) ->
                        assertThat(actual.get(tile)).as(entity.getKey() + " " + tile).isEqualTo(bytes));
            }
            assertThat(store.streamingWatermarks(Transactions.TOPIC)).containsOnlyKeys(0, 1, 2);
        }
    }

    private static boolean matches(Map<String, EntityTiles> stored, Map<String, Map<TileKey, byte[]>> expected) {
        Map<String, Boolean> same = new HashMap<>();
        expected.forEach((entity, tiles) -> {
            EntityTiles actual = stored.get(entity);
            same.put(entity, actual != null && actual.tiles().keySet().equals(tiles.keySet())
                    && tiles.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), actual.tile(e.getKey()))));
        });
        return !same.isEmpty() && !same.containsValue(false);
    }
}
