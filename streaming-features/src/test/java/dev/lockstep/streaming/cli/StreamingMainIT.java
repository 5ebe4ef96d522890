package dev.lockstep.streaming.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.streaming.TileRecord;
import dev.lockstep.streaming.TopologySettings;
import dev.lockstep.streaming.internal.DeadLetters;
import dev.lockstep.streaming.testing.GeneratedStream;
import dev.lockstep.streaming.testing.Reference;
import dev.lockstep.streaming.testing.SourceRecordAt;
import dev.lockstep.streaming.testing.Transactions;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.InMemorySchemaRegistry;
import dev.lockstep.wire.SchemaRegistries;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StreamingMainIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    Path dir;

    /** Tiles of the offline reference are put on the tile topic as the app would; the command restores them all. */
    @Test
    void shouldRestoreTheTilesOfTheTileTopicIntoAnEmptyRedis() throws Exception {
        Map<String, Map<TileKey, byte[]>> expected = referenceTiles();
        KAFKA.broker().createTopic(TopologySettings.DEFAULT_TILES_TOPIC, 2, Map.of("cleanup.policy", "compact"));
        int records = produceTiles(expected);
        Path config = writeConfig();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StreamingMain.execute(new String[] {"rebuild-redis", "--config", config.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true), Map.of());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("rebuilding Redis " + REDIS.uri())
                .contains(String.format("%,d / %,d tile records (at most) read", records, records))
                .contains(String.format("%,d tiles written, 0 skipped as not newer", records));
        try (RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), OnlineStoreLayouts.of(Transactions.SPEC),
                Clock.systemUTC())) {
            Map<String, EntityTiles> stored = store.readTiles("card_txn", new ArrayList<>(expected.keySet()));
            expected.forEach((entity, tiles) -> {
                assertThat(stored.get(entity).tiles().keySet()).as(entity).isEqualTo(tiles.keySet());
                tiles.forEach((tile, bytes) -> assertThat(stored.get(entity).tile(tile)).as(entity + " " + tile).isEqualTo(bytes));
            });
        }
    }

    /** redis.replica.acks reaches the store: with no replica behind this Redis, the rebuild's first write fails saying so. */
    @Test
    void shouldWaitForTheReplicasTheConfigAsksFor() throws Exception {
        KAFKA.broker().createTopic("acks.tiles", 1, Map.of("cleanup.policy", "compact"));
        TileRecord tile = new TileRecord("card_txn", "c1", TileKey.containing(300_000, System.currentTimeMillis()), 1,
                referenceTiles().values().iterator().next().values().iterator().next());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("acks.tiles", tile.keyBytes(), tile.valueBytes()));
        }
        Path config = writeConfig();
        Files.writeString(config, "tiles.topic=acks.tiles\nredis.replica.acks=1\n", StandardOpenOption.APPEND);
        StringWriter err = new StringWriter();

        int exit = StreamingMain.execute(new String[] {"rebuild-redis", "--config", config.toString(), "--timeout", "PT20S"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Map.of());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("rebuild-redis failed: writeTiles: 0 of 1 replica(s) of")
                .contains("acknowledged the tile writes within 500 ms (WAIT 1 500)");
    }

    @Test
    void shouldFailNamingTheTopicWhenTheTileTopicDoesNotExist() throws Exception {
        Path config = writeConfig();
        Files.writeString(config, "tiles.topic=no.such.tiles\n", StandardOpenOption.APPEND);
        StringWriter err = new StringWriter();
        int exit = StreamingMain.execute(new String[] {"rebuild-redis", "--config", config.toString(), "--timeout", "PT10S"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Map.of());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("rebuild-redis failed: tile topic no.such.tiles does not exist on "
                + KAFKA.bootstrapServers());
    }

    /** Through the config file and its registry: the dead letters of the reason go back, and the summary says so. */
    @Test
    void shouldSendBackTheDeadLettersOfAReasonToTheirSource() throws Exception {
        String dlq = Transactions.TOPIC + ".dlq";
        KAFKA.broker().createTopic(Transactions.TOPIC, 2, Map.of("message.timestamp.type", "LogAppendTime"));
        KAFKA.broker().createTopic(dlq, 1, Map.of());
        DeadLetters letters = new DeadLetters(ConfluentWireFormat.autoRegistering(
                SchemaRegistries.fromUrl("mem://reinject-cli")), dlq);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            int offset = 0;
            for (RejectReason reason : List.of(RejectReason.UNKNOWN_SCHEMA, RejectReason.TOO_FAR_IN_FUTURE,
                    RejectReason.UNKNOWN_SCHEMA)) {
                producer.send(new ProducerRecord<>(dlq, letters.encode(new RecordPosition(Transactions.TOPIC, 1, offset++,
                        1_000), "c1".getBytes(), "bytes".getBytes(), reason, "why", 2_000)));
            }
        }
        Path config = writeConfig();
        Files.writeString(config, "schema.registry.url=mem://reinject-cli\n", StandardOpenOption.APPEND);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = StreamingMain.execute(new String[] {"reinject-dlq", "--config", config.toString(), "--source",
                "transactions", "--reason", "UNKNOWN_SCHEMA"}, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("sending back UNKNOWN_SCHEMA dead letters of " + dlq + " to "
                        + Transactions.TOPIC + " (consumer group lockstep-streaming.reinject." + dlq + ".UNKNOWN_SCHEMA)")
                .contains(dlq + "/0@0 (" + Transactions.TOPIC + "/1@0, UNKNOWN_SCHEMA) -> " + Transactions.TOPIC)
                .contains(dlq + "/0@2 (" + Transactions.TOPIC + "/1@2, UNKNOWN_SCHEMA) -> " + Transactions.TOPIC)
                .contains("sent 2 of 3 dead letters read (1 of other reasons, 0 not sendable)");
    }

    /** The card_txn tiles of a small generated stream, computed offline with made-up positions. */
    private static Map<String, Map<TileKey, byte[]>> referenceTiles() {
        ConfluentWireFormat wireFormat = ConfluentWireFormat.autoRegistering(new InMemorySchemaRegistry());
        long now = System.currentTimeMillis();
        List<GeneratedStream.Produced> produced = GeneratedStream.generate(new Transactions(wireFormat), now, 300, 5);
        List<SourceRecordAt> records = new ArrayList<>();
        for (int i = 0; i < produced.size(); i++) {
            records.add(new SourceRecordAt(produced.get(i).key(), produced.get(i).value(),
                    new RecordPosition(Transactions.TOPIC, 0, i, now)));
        }
        return Reference.of(SourcePlan.compile(Transactions.SPEC, Transactions.SOURCE), wireFormat, records)
                .tiles().get("card_txn");
    }

    private static int produceTiles(Map<String, Map<TileKey, byte[]>> tiles) {
        int count = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, Map<TileKey, byte[]>> entity : tiles.entrySet()) {
                for (Map.Entry<TileKey, byte[]> tile : entity.getValue().entrySet()) {
                    TileRecord record = new TileRecord("card_txn", entity.getKey(), tile.getKey(), 1, tile.getValue());
                    producer.send(new ProducerRecord<>(TopologySettings.DEFAULT_TILES_TOPIC, record.keyBytes(),
                            record.valueBytes()));
                    count++;
                }
            }
            producer.flush();
        }
        return count;
    }

    /** The config file, with the example spec copied out of the classpath (its schema is a classpath: one). */
    private Path writeConfig() throws Exception {
        Path spec = dir.resolve("features.yaml");
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("examples/fraud/features.yaml")) {
            Files.copy(in, spec);
        }
        return Files.writeString(dir.resolve("streaming.properties"), String.join("\n",
                "bootstrap.servers=" + KAFKA.bootstrapServers(), "redis.uri=" + REDIS.uri(),
                "spec.file=" + spec, "store.batch.size=100", ""));
    }
}
