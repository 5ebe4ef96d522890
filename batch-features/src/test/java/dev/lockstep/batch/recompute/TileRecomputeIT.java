package dev.lockstep.batch.recompute;

import static dev.lockstep.batch.recompute.TransactionArchive.MINUTE;
import static dev.lockstep.batch.recompute.TransactionArchive.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.TestSpark;
import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.archive.ArchiveWriter;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.features.accept.RejectReason;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.RecordPosition;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileRecomputeIT {

    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final String SOURCE = "transactions";
    /** Arrivals span 8 hours; the range starts 3 hours in, so the look-behind and the boundary are exercised. */
    private static final ArchiveRange RANGE = new ArchiveRange(START + 180 * MINUTE, START + 420 * MINUTE);

    @TempDir
    static Path archiveDir;

    private static SparkSession spark;
    private static SourcePlan plan;
    private static List<ArchivedRecord> archive;
    private static List<String> files;
    private static ReferenceRecompute reference;
    private static RecomputeResult twoPartitions;

    @BeforeAll
    static void setUp() {
        plan = SPEC.plan(SOURCE);
        archive = TransactionArchive.generate(plan.source().schema(), 42, 3000, 8, RANGE.fromMillis());
        TransactionArchive.write(archive, plan.source().schema(), archiveDir, 400);
        files = ArchiveReader.listFiles(archiveDir.toString());
        reference = new ReferenceRecompute(plan, archive, RANGE.fromMillis(), RANGE.toMillis());
        spark = TestSpark.session();
        twoPartitions = new TileRecompute(spark, SPEC, SOURCE).run(archiveDir.toString(), RANGE, 2);
    }


    @Test
    void shouldCoverEveryRuleInTheGeneratedArchive() {
        assertThat(files).hasSizeGreaterThan(6);
        assertThat(reference.rejectedByReason).containsKeys(RejectReason.UNDECODABLE, RejectReason.MISSING_ENTITY_KEY,
                RejectReason.TOO_LATE, RejectReason.TOO_FAR_IN_FUTURE, RejectReason.INVALID_VALUE);
        assertThat(reference.duplicates).isGreaterThan(50);
        assertThat(reference.duplicatesOfEarlierCopies).isGreaterThanOrEqualTo(20);
        assertThat(reference.tiles).hasSizeGreaterThan(500);
    }

    @Test
    void shouldRecomputeTilesIdenticalToTheEngineReference() {
        List<RecomputedTile> tiles = twoPartitions.tiles().collect();

        assertSameTiles(hex(tiles), hexOf(reference.tiles));
        assertThat(tiles).allSatisfy(tile -> assertThat(tile.events()).as("events in %s", tile)
                .isEqualTo(reference.eventCounts.get(ReferenceRecompute.key(tile))));
    }

    @Test
    void shouldCountRejectionsAndDuplicatesAsTheReferenceDoes() {
        assertThat(twoPartitions.rejectedByReason()).isEqualTo(reference.rejectedByReason);
        assertThat(twoPartitions.duplicates()).isEqualTo(reference.duplicates);
        assertThat(twoPartitions.rejections().take(5)).allSatisfy(rejection -> {
            assertThat(RANGE.contains(rejection.arrival())).isTrue();
            assertThat(rejection.message()).isNotBlank();
        });
    }

    @Test
    void shouldProduceTheSameBytesWhateverTheInputPartitioning() {
        TileRecompute recompute = new TileRecompute(spark, SPEC, SOURCE);

        Map<String, String> one = hex(recompute.run(files, RANGE, 1).tiles().collect());
        Map<String, String> four = hex(recompute.run(files, RANGE, 4).tiles().collect());

        assertSameTiles(one, four);
        assertSameTiles(four, hex(twoPartitions.tiles().collect()));
    }

    @Test
    void shouldMarkAsBackfillableOnlyClosedTilesThatMatchTheFullHistory() {
        List<RecomputedTile> tiles = twoPartitions.tiles().collect();
        GroupPlan group = plan.group("card_txn");
        ReferenceRecompute fullHistory = new ReferenceRecompute(plan, archive, Long.MIN_VALUE, RANGE.toMillis());

        assertThat(tiles).allSatisfy(tile -> assertThat(tile.closed())
                .isEqualTo(group.isClosed(tile.tileKey(), RANGE.toMillis())));
        List<RecomputedTile> backfillable = twoPartitions.backfillableTiles().collect();
        assertThat(backfillable).isNotEmpty().hasSizeLessThan(tiles.size());
        assertThat(backfillable).allSatisfy(tile -> assertThat(HexFormat.of().formatHex(tile.irs()))
                .as("tile %s", tile).isEqualTo(HexFormat.of().formatHex(fullHistory.tiles.get(ReferenceRecompute.key(tile)))));
    }

    @Test
    void shouldNotFoldAnInRangeCopyWhoseFirstCopyArrivedBeforeTheRange(@TempDir Path dir) {
        long from = RANGE.fromMillis();
        GenericRecord first = transaction(from - 2 * MINUTE, 10.0);
        GenericRecord copy = transaction(from - 2 * MINUTE, 99.0); // same id, card and event time
        try (ArchiveWriter writer = new ArchiveWriter(dir, "boundary", plan.source().schema(), 10)) {
            writer.write(ArchivedRecord.decoded(new RecordPosition(TransactionArchive.TOPIC, 0, 0, from - MINUTE), null, first));
            writer.write(ArchivedRecord.decoded(new RecordPosition(TransactionArchive.TOPIC, 1, 0, from + MINUTE), null, copy));
        }

        RecomputeResult result = new TileRecompute(spark, SPEC, SOURCE).run(dir.toString(), RANGE, 2);

        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.tiles().collect()).isEmpty();
        assertThat(result.rejectedByReason()).isEmpty();
    }

    private static GenericRecord transaction(long eventTime, double amount) {
        GenericRecord record = new GenericData.Record(plan.source().schema());
        record.put("txn_id", "boundary-1");
        record.put("card_id", "card-boundary");
        record.put("merchant_id", "m1");
        record.put("amount", amount);
        record.put("currency", "EUR");
        record.put("country", null);
        record.put("event_time", eventTime);
        record.put("channel", "pos");
        return record;
    }

    /** Map equality, reported as missing/extra keys and the first differing tiles rather than two dumps. */
    private static void assertSameTiles(Map<String, String> actual, Map<String, String> expected) {
        assertThat(actual.keySet()).as("tiles").containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<String> differing = expected.keySet().stream()
                .filter(key -> !expected.get(key).equals(actual.get(key))).limit(5).toList();
        assertThat(differing).as("tiles whose bytes differ").isEmpty();
    }

    private static Map<String, String> hex(List<RecomputedTile> tiles) {
        Map<String, String> byKey = new TreeMap<>();
        tiles.forEach(tile -> assertThat(byKey.put(ReferenceRecompute.key(tile), HexFormat.of().formatHex(tile.irs())))
                .as("one row per tile").isNull());
        return byKey;
    }

    private static Map<String, String> hexOf(Map<String, byte[]> tiles) {
        Map<String, String> byKey = new TreeMap<>();
        tiles.forEach((key, bytes) -> byKey.put(key, HexFormat.of().formatHex(bytes)));
        return byKey;
    }
}
