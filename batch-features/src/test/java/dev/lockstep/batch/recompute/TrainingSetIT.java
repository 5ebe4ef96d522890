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
import java.nio.file.Path;
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

    private static SparkSession spark;
    private static GroupPlan plan;
    private static List<AcceptedEvent> history;
    private static RecomputeResult recompute;

    @BeforeAll
    static void setUp() {
        SourcePlan source = SPEC.plan("transactions");
        plan = source.group("card_txn");
        List<ArchivedRecord> archive = TransactionArchive.generate(source.source().schema(), 7, 1500, 6,
                START + 120 * MINUTE);
        TransactionArchive.write(archive, source.source().schema(), archiveDir, 500);
        history = acceptedFirstCopies(source, archive);
        spark = TestSpark.session();
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
        TileFolder folder = new TileFolder(plan);
        history.stream().filter(e -> e.entityKey().equals(label.entity()) && e.arrival() <= label.timeMillis())
                .forEach(folder::add);
        return WindowRead.at(plan, label.timeMillis(), folder.encodedTiles());
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
