package dev.lockstep.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.batch.TestSpark;
import dev.lockstep.batch.archive.ArchiveSource;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.archive.Archiver;
import dev.lockstep.batch.archive.ArchiverConfig;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.Rejection;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.batch.recompute.TransactionArchive;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.SchemaRegistries;
import dev.lockstep.wire.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tiles from a Kafka topic range equal tiles from the archive of the same records. */
class KafkaTopicRangeIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final String SOURCE = "transactions";
    private static final String REGISTRY = "mem://kafka-topic-range-it";

    @TempDir
    static Path archiveDir;

    private static RecomputeResult fromArchive;
    private static RecomputeResult fromTopic;
    private static ArchiveRange range;
    /** Re-timed event time by "id@draft event time": see {@link #value}. */
    private static final Map<String, Long> RETIMED = new HashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        SourcePlan plan = SPEC.plan(SOURCE);
        String topic = plan.source().topic();
        KAFKA.broker().createTopic(topic, 3, Map.of("message.timestamp.type", "LogAppendTime"));
        SchemaRegistry registry = SchemaRegistries.fromUrl(REGISTRY);
        ConfluentWireFormat wire = ConfluentWireFormat.autoRegistering(registry);
        List<ArchivedRecord> drafts = TransactionArchive.generate(plan.source().schema(), 11, 1500, 1,
                TransactionArchive.START + 20 * TransactionArchive.MINUTE);
        long rangeStart = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            int chunk = drafts.size() / 3;
            for (int i = 0; i < drafts.size(); i++) {
                if (i > 0 && i % chunk == 0) {
                    producer.flush();
                    Thread.sleep(1_100); // arrivals in three clusters; the range starts at the second
                    if (rangeStart == 0) {
                        rangeStart = System.currentTimeMillis();
                    }
                }
                ArchivedRecord draft = drafts.get(i);
                producer.send(new ProducerRecord<>(topic, key(draft), value(wire, draft)));
            }
        }
        range = new ArchiveRange(rangeStart, System.currentTimeMillis() + 1_000);
        ArchiverConfig config = ArchiverConfig.of(KAFKA.bootstrapServers(), "kafka-range-it", archiveDir,
                List.of(ArchiveSource.of(plan))).withRolling(400, Duration.ofSeconds(30));
        try (Archiver archiver = Archiver.start(config, registry)) {
            assertThat(archiver.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        }

        TileRecompute recompute = new TileRecompute(TestSpark.session(), SPEC, SOURCE);
        fromArchive = recompute.run(archiveDir.toString(), range, 2);
        fromTopic = recompute.run(KafkaTopicRange.byArrival(KAFKA.bootstrapServers(), topic,
                range.fromMillis() - recompute.lookBehindMillis(), range.toMillis(), Map.of()), REGISTRY, range);
    }

    @Test
    void shouldRecomputeTheSameTilesFromATopicRangeAsFromItsArchive() {
        List<RecomputedTile> archiveTiles = sorted(fromArchive.tiles().collect());
        List<RecomputedTile> topicTiles = sorted(fromTopic.tiles().collect());

        assertThat(archiveTiles).hasSizeGreaterThan(100);
        assertThat(topicTiles).isEqualTo(archiveTiles);
    }

    @Test
    void shouldRejectAndDeduplicateTheSameRecordsFromATopicRangeAsFromItsArchive() {
        List<Rejection> archiveRejections = fromArchive.rejections().collect().stream()
                .sorted(Comparator.comparing(Rejection::partition).thenComparingLong(Rejection::offset)).toList();
        List<Rejection> topicRejections = fromTopic.rejections().collect().stream()
                .sorted(Comparator.comparing(Rejection::partition).thenComparingLong(Rejection::offset)).toList();

        assertThat(archiveRejections).isNotEmpty();
        assertThat(topicRejections).isEqualTo(archiveRejections);
        assertThat(fromTopic.rejectedByReason()).isEqualTo(fromArchive.rejectedByReason());
        assertThat(fromTopic.duplicates()).isEqualTo(fromArchive.duplicates()).isPositive();
    }

    @Test
    void shouldRefuseARangeThatStartsWhereRecordsWereDeleted() throws Exception {
        String topic = "deleted-head";
        KAFKA.broker().createTopic(topic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long before = System.currentTimeMillis() - 1;
        List<Long> arrivals = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 6; i++) {
                arrivals.add(producer.send(new ProducerRecord<>(topic, new byte[] {(byte) i})).get().timestamp());
                Thread.sleep(5); // a distinct arrival per record
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(3))).all().get();
        }

        assertThatThrownBy(() -> KafkaTopicRange.byArrival(KAFKA.bootstrapServers(), topic, before, Long.MAX_VALUE, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read deleted-head-0 from " + Instant.ofEpochMilli(before) + ": its records before offset 3"
                        + " were deleted (retention or an operator) and the first one kept arrived at or after that time,"
                        + " so records of the range may be gone; read the range from an archive, or start it later");
        assertThat(KafkaTopicRange.byArrival(KAFKA.bootstrapServers(), topic, arrivals.get(4), Long.MAX_VALUE, Map.of())
                .startOffsets()).as("a range starting after the deleted records").isEqualTo(Map.of(0, 4L));
    }

    private static List<RecomputedTile> sorted(List<RecomputedTile> tiles) {
        return tiles.stream().sorted(Comparator.comparing(RecomputedTile::group).thenComparing(RecomputedTile::entity)
                .thenComparingLong(RecomputedTile::hopMillis).thenComparingLong(RecomputedTile::index)).toList();
    }

    private static byte[] key(ArchivedRecord draft) {
        return draft.event() == null ? null : draft.event().get("card_id").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The draft's event re-timed around now (the broker stamps arrival), or undecodable bytes. A copy of an
     * event already sent (same id and event time: a producer retry) keeps the re-timed event time of the
     * first, so it stays a duplicate whatever the milliseconds between the two sends.
     */
    private static byte[] value(ConfluentWireFormat wire, ArchivedRecord draft) {
        if (draft.event() == null) {
            return new byte[] {0, 0, 0, 0, 1, 9};
        }
        GenericRecord event = new GenericData.Record((GenericData.Record) draft.event(), true);
        long offsetFromArrival = (Long) event.get("event_time") - draft.position().arrivalMillis();
        long retimed = System.currentTimeMillis() + offsetFromArrival;
        Object id = event.get("txn_id");
        if (id != null) {
            retimed = RETIMED.computeIfAbsent(id + "@" + event.get("event_time"), unused -> offsetFromArrival
                    + System.currentTimeMillis());
        }
        event.put("event_time", retimed);
        return wire.encode("payments.transactions-value", event);
    }
}
