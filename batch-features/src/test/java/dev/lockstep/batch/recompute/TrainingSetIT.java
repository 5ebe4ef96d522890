package dev.lockstep.batch.recompute;

import static dev.lockstep.batch.recompute.TransactionArchive.MINUTE;
import static dev.lockstep.batch.recompute.TransactionArchive.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.batch.TestSpark;
import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Dedup;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.event.AvroEventView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetIT {

    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    /** The archive starts at START, so a range from START holds the whole history. */
    private static final ArchiveRange RANGE = new ArchiveRange(START, START + 360 * MINUTE);

    @TempDir
    static Path archiveDir;
    @TempDir
    static Path specDir;

    /** The example's source with windows of at most 6 hours: 5-minute tiles, so tiles open at t reach back 16 minutes. */
    private static SpecHandle SHORT_SPEC;
    private static final long SHORT_REACH = 16 * MINUTE;

    private static SparkSession spark;
    private static GroupPlan plan;
    private static List<AcceptedEvent> history;
    private static RecomputeResult recompute;

    @BeforeAll
    static void setUp() throws IOException {
        SourcePlan source = SPEC.plan("transactions");
        plan = source.group("card_txn");
        List<ArchivedRecord> archive = TransactionArchive.generate(source.source().schema(), 7, 1500, 6,
                START + 120 * MINUTE);
        TransactionArchive.write(archive, source.source().schema(), archiveDir, 500);
        history = acceptedFirstCopies(source, archive);
        spark = TestSpark.session();
        SHORT_SPEC = shortSpec();
        recompute = new TileRecompute(spark, SPEC, "transactions")
                .run(ArchiveReader.listFiles(archiveDir.toString()), RANGE, 2);
    }


    @Test
    void shouldReadEachLabelAsServingWouldHaveAtItsTime() {
        List<Label> labels = labels();

        List<TrainingRow> rows = TrainingSet.build(recompute, "card_txn", rdd(labels)).collect();

        assertThat(rows).hasSameSizeAs(labels);
        assertThat(rows).allSatisfy(row -> assertThat(row.features()).as("%s", row.label())
                .isEqualTo(reference(row.label())));
        // Not a vacuous match: empty windows and busy ones are both among the rows.
        assertThat(rows.stream().map(row -> row.features().get("txn_count_10m")).distinct())
                .contains(0L).hasSizeGreaterThan(3);
    }

    @Test
    void shouldReadTheSameRowsFromTableTilesAndAShortLookBackAsFromARecomputeOfTheTablesRange() {
        GroupPlan shortPlan = SHORT_SPEC.plan("transactions").group("card_short");
        RecomputeResult whole = shortRecompute(RANGE);
        List<Label> labels = labelsBetween(START + 200 * MINUTE, RANGE.toMillis());
        long first = labels.stream().mapToLong(Label::timeMillis).min().orElseThrow();
        long last = labels.stream().mapToLong(Label::timeMillis).max().orElseThrow();
        SourcePlan source = SHORT_SPEC.plan("transactions");
        ArchiveRange lookBackRange = TrainingSet.lookBackRange(RANGE,
                OpenTileReach.earliestArrival(source.source(), shortPlan, first), first, last);

        List<TrainingRow> fromTable = TrainingSet.build(whole.tiles(), RANGE, shortRecompute(lookBackRange), "card_short",
                rdd(labels)).collect();
        List<TrainingRow> fromRecompute = TrainingSet.build(whole, "card_short", rdd(labels)).collect();

        // Labels from 200 minutes in, 5-minute tiles: the look-back reads about the last third of the archive, from
        // the oldest tile open at the first label (10 minutes of lateness) less the skew (a minute).
        assertThat(lookBackRange).isEqualTo(new ArchiveRange(Math.floorDiv(first - 10 * MINUTE, 5 * MINUTE) * 5 * MINUTE
                - MINUTE, last + 1));
        assertThat(lookBackRange.fromMillis()).isGreaterThan(START + 180 * MINUTE);
        assertThat(byLabel(fromTable)).hasSize(labels.size()).isEqualTo(byLabel(fromRecompute));
        assertThat(fromTable).allSatisfy(row -> assertThat(row.features()).as("%s", row.label())
                .isEqualTo(reference(shortPlan, row.label())));
        // Not vacuous: events of tiles still open at the labels are in many rows.
        assertThat(fromTable.stream().filter(row -> !row.features().get("txn_count_10m").equals(0L)).count())
                .isGreaterThan(20);
    }

    @Test
    void shouldLeaveOutLookBackEventsThatArrivedBeforeTheTablesRange() {
        ArchiveRange tableRange = new ArchiveRange(START + 60 * MINUTE, RANGE.toMillis());
        RecomputeResult table = shortRecompute(tableRange);
        List<Label> labels = labelsBetween(tableRange.fromMillis(), START + 90 * MINUTE);

        // A look-back wider than needed, from the archive's start: what arrived before the table must not count.
        List<TrainingRow> fromTable = TrainingSet.build(table.tiles(), tableRange, shortRecompute(RANGE), "card_short",
                rdd(labels)).collect();
        List<TrainingRow> fromRecompute = TrainingSet.build(table, "card_short", rdd(labels)).collect();

        assertThat(byLabel(fromTable)).hasSize(labels.size()).isEqualTo(byLabel(fromRecompute));
        assertThat(fromTable).anySatisfy(row -> assertThat(row.complete()).isFalse());
    }

    @Test
    void shouldReadLabelsAfterTheTablesEndFromItsFinalTilesAndTheLookBack() {
        GroupPlan shortPlan = SHORT_SPEC.plan("transactions").group("card_short");
        SourcePlan source = SHORT_SPEC.plan("transactions");
        ArchiveRange tableRange = new ArchiveRange(START, START + 200 * MINUTE);
        List<Label> labels = labelsBetween(START + 150 * MINUTE, RANGE.toMillis());
        long first = labels.stream().mapToLong(Label::timeMillis).min().orElseThrow();
        long last = labels.stream().mapToLong(Label::timeMillis).max().orElseThrow();
        ArchiveRange lookBackRange = TrainingSet.lookBackRange(tableRange, OpenTileReach.earliestArrival(source.source(),
                shortPlan, TrainingSet.lookBackAt(tableRange, first)), first, last);

        List<TrainingRow> fromTable = TrainingSet.build(shortRecompute(tableRange).tiles(), tableRange,
                shortRecompute(lookBackRange), "card_short", rdd(labels)).collect();
        List<TrainingRow> fromRecompute = TrainingSet.build(shortRecompute(new ArchiveRange(START, last + 1)), "card_short",
                rdd(labels)).collect();

        assertThat(labels.stream().filter(label -> label.timeMillis() >= tableRange.toMillis()).count()).isGreaterThan(50);
        assertThat(byLabel(fromTable)).hasSize(labels.size()).isEqualTo(byLabel(fromRecompute));
        assertThat(fromTable).allSatisfy(row -> assertThat(row.features()).as("%s", row.label())
                .isEqualTo(reference(shortPlan, row.label())));
    }

    @Test
    void shouldRefuseALookBackThatMissesEventsOfTheTilesOpenAtALabel() {
        RecomputeResult whole = shortRecompute(RANGE);
        Label label = new Label("hot-1", START + 300 * MINUTE, 1.0);
        RecomputeResult tooShort = shortRecompute(new ArchiveRange(label.timeMillis() - 5 * MINUTE, label.timeMillis() + 1));

        assertThatThrownBy(() -> TrainingSet.build(whole.tiles(), RANGE, tooShort, "card_short", rdd(List.of(label))).collect())
                .hasStackTraceContaining("needs the events that arrived in [" + Instant.ofEpochMilli(label.timeMillis()
                        - 11 * MINUTE) + ", " + Instant.ofEpochMilli(label.timeMillis()) + "] for the tiles it folds");
    }

    @Test
    void shouldMarkRowsWhoseLongestWindowReachesBeforeTheRangeAsIncomplete() {
        List<TrainingRow> rows = TrainingSet.build(recompute, "card_txn",
                rdd(List.of(new Label("hot-1", START + 300 * MINUTE, 1.0)))).collect();

        assertThat(rows).singleElement().satisfies(row -> assertThat(row.complete()).isFalse());
    }

    @Test
    void shouldRefuseALabelAfterTheRecomputedRange() {
        Label late = new Label("hot-1", RANGE.toMillis(), 0.0);

        assertThatThrownBy(() -> TrainingSet.build(recompute, "card_txn", rdd(List.of(late))).collect())
                .hasStackTraceContaining("outside the recompute's arrival range");
    }

    /** Random entities and times in {@code [from, to)}, plus times exactly at arrivals there. */
    private static List<Label> labelsBetween(long from, long to) {
        Random random = new Random(13);
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String entity = random.nextBoolean() ? "hot-" + random.nextInt(5) : "card-" + random.nextInt(200);
            labels.add(new Label(entity, from + random.nextInt((int) (to - from)), i % 2));
        }
        history.stream().filter(e -> e.arrival() >= from && e.arrival() < to).limit(40)
                .forEach(e -> labels.add(new Label(e.entityKey(), e.arrival(), 1.0)));
        return labels;
    }

    private static Map<Label, TrainingRow> byLabel(List<TrainingRow> rows) {
        Map<Label, TrainingRow> byLabel = new HashMap<>();
        rows.forEach(row -> assertThat(byLabel.put(row.label(), row)).as("a second row for %s", row.label()).isNull());
        return byLabel;
    }

    private static RecomputeResult shortRecompute(ArchiveRange range) {
        return new TileRecompute(spark, SHORT_SPEC, "transactions").run(ArchiveReader.listFiles(archiveDir.toString()), range, 2);
    }

    /** Random entities and times, plus times exactly at arrivals, where the head's inclusiveness shows. */
    private static List<Label> labels() {
        Random random = new Random(11);
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String entity = i % 10 == 0 ? "never-seen" : random.nextBoolean() ? "hot-" + random.nextInt(5)
                    : "card-" + random.nextInt(200);
            labels.add(new Label(entity, RANGE.fromMillis() + 30 * MINUTE + random.nextInt((int) (329 * MINUTE)), i % 2));
        }
        for (int i = 0; i < 50; i++) {
            AcceptedEvent event = history.get(random.nextInt(history.size()));
            if (event.arrival() < RANGE.toMillis()) {
                labels.add(new Label(event.entityKey(), event.arrival(), 1.0));
            }
        }
        return labels;
    }

    /** Plain Java: the entity's first copies that arrived by t, folded in one go and read at t. */
    private static Map<String, Object> reference(Label label) {
        return reference(plan, label);
    }

    private static Map<String, Object> reference(GroupPlan plan, Label label) {
        TileFolder folder = new TileFolder(plan);
        history.stream().filter(e -> e.entityKey().equals(label.entity()) && e.arrival() <= label.timeMillis())
                .forEach(folder::add);
        return WindowRead.at(plan, label.timeMillis(), folder.encodedTiles());
    }

    private static SpecHandle shortSpec() throws IOException {
        Path file = specDir.resolve("short-features.yaml");
        Files.writeString(file, """
                sources:
                  transactions:
                    topic: payments.transactions
                    schema: classpath:schemas/Transaction.avsc
                    entity_key: card_id
                    event_time: event_time
                    event_id: txn_id
                    allowed_lateness: 10m
                    max_future_skew: 1m
                feature_groups:
                  card_short:
                    source: transactions
                    freshness: 1m
                    features:
                      - {name: txn_count_10m,   agg: count,          window: 10m}
                      - {name: amount_sum_1h,   agg: sum,            column: amount,      window: 1h}
                      - {name: merchants_1h,    agg: count_distinct, column: merchant_id, window: 1h}
                      - {name: last_country_6h, agg: last,           column: country,     window: 6h}
                """);
        SpecHandle spec = SpecHandle.ofFile(file);
        SourcePlan source = spec.plan("transactions");
        assertThat(OpenTileReach.millis(source.source(), source.group("card_short"))).isEqualTo(SHORT_REACH);
        return spec;
    }

    private static List<AcceptedEvent> acceptedFirstCopies(SourcePlan source, List<ArchivedRecord> archive) {
        List<AcceptedEvent> accepted = new ArrayList<>();
        for (ArchivedRecord record : archive) {
            if (record.event() != null && source.acceptance().evaluate(new AvroEventView(record.event()),
                    record.position()) instanceof Verdict.Accepted a) {
                accepted.add(a.event());
            }
        }
        return Dedup.firstOccurrences(accepted);
    }

    private static <T> org.apache.spark.api.java.JavaRDD<T> rdd(List<T> list) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(list, 2);
    }
}
