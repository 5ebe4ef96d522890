package dev.lockstep.batch.cli;

import static dev.lockstep.batch.recompute.TransactionArchive.MINUTE;
import static dev.lockstep.batch.recompute.TransactionArchive.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.TestSpark;
import dev.lockstep.batch.backfill.RedisBackfill;
import dev.lockstep.batch.offline.OfflineTileTable;
import dev.lockstep.batch.offline.TableManifest;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.Label;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.batch.recompute.TrainingRow;
import dev.lockstep.batch.recompute.TrainingSet;
import dev.lockstep.batch.recompute.TransactionArchive;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.testing.redis.RedisServerExtension;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BatchMainIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final ArchiveRange RANGE = new ArchiveRange(START + 60 * MINUTE, START + 240 * MINUTE);
    private static final String FROM = Instant.ofEpochMilli(RANGE.fromMillis()).toString();
    private static final String TO = Instant.ofEpochMilli(RANGE.toMillis()).toString();
    /** Now, for the backfill: the range's end, so its recent closed tiles are within retention. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(RANGE.toMillis()), ZoneOffset.UTC);

    @TempDir
    static Path work;

    private static Path archive;
    private static Path specFile;

    @BeforeAll
    static void setUp() throws IOException {
        SourcePlan plan = SPEC.plan("transactions");
        archive = work.resolve("archive");
        TransactionArchive.write(TransactionArchive.generate(plan.source().schema(), 5, 1500, 5, RANGE.fromMillis()),
                plan.source().schema(), archive, 300);
        specFile = work.resolve("features.yaml");
        try (InputStream in = BatchMainIT.class.getClassLoader().getResourceAsStream("examples/fraud/features.yaml")) {
            Files.write(specFile, in.readAllBytes());
        }
    }

    @Test
    void shouldExitTwoNamingTheProblemOnBadArguments() {
        Run reversed = run("recompute", "--spec", specFile.toString(), "--from", TO, "--to", FROM,
                "--archive", archive.toString(), "--out", work.resolve("x").toString());
        Run twoInputs = run("recompute", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", archive.toString(), "--kafka-bootstrap", "localhost:9", "--schema-registry", "mem://x",
                "--out", work.resolve("x").toString());
        Run unknownGroup = run("recompute", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", archive.toString(), "--groups", "nope", "--out", work.resolve("x").toString());
        Run badTime = run("recompute", "--spec", specFile.toString(), "--from", "yesterday", "--to", TO,
                "--archive", archive.toString(), "--out", work.resolve("x").toString());
        Run csvExtension = run("recompute", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", archive.toString(), "--format", "csv", "--extend", "--out", work.resolve("x").toString());
        Run noCommand = run();

        assertThat(reversed.code).isEqualTo(2);
        assertThat(reversed.err).contains("--from " + TO + " must be before --to " + FROM);
        assertThat(twoInputs.code).isEqualTo(2);
        assertThat(twoInputs.err).contains("exactly one input");
        assertThat(unknownGroup.code).isEqualTo(2);
        assertThat(unknownGroup.err).contains("Unknown feature group 'nope'").contains("[card_txn]");
        assertThat(badTime.code).isEqualTo(2);
        assertThat(badTime.err).contains("'yesterday' is neither an ISO-8601 instant");
        assertThat(csvExtension.code).isEqualTo(2);
        assertThat(csvExtension.err).contains("--extend needs --format parquet");
        assertThat(noCommand.code).isEqualTo(2);
        assertThat(Files.exists(work.resolve("x"))).isFalse();
    }

    @Test
    void shouldFailNamingAnArchiveDirectoryThatDoesNotExist() {
        Path missing = work.resolve("no-such-archive");

        Run result = run("recompute", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", missing.toString(), "--out", work.resolve("y").toString());

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("archive directory " + missing + " does not exist");
    }

    @Test
    void shouldFailBeforeAnySparkWorkWhenRedisIsUnreachable() {
        Run result = run("backfill", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", archive.toString(), "--redis", "redis://127.0.0.1:1");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("Redis at redis://127.0.0.1:1 is unreachable");
        assertThat(result.out).doesNotContain("input:"); // failed before even listing the archive
    }

    @Test
    void shouldKeepTheRedisPasswordOutOfItsOutput() {
        Run result = run("backfill", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", archive.toString(), "--redis", "redis-cluster://app:s3cret@127.0.0.1:1,127.0.0.1:2");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("Redis at redis-cluster://***@127.0.0.1:1,127.0.0.1:2 is unreachable")
                .contains("cluster 127.0.0.1:1,127.0.0.1:2");
        assertThat(result.out + result.err).doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseABackfillEndingInTheFuture() {
        Run result = run("backfill", "--spec", specFile.toString(), "--from", FROM,
                "--to", Instant.ofEpochMilli(RANGE.toMillis() + MINUTE).toString(),
                "--archive", archive.toString(), "--redis", REDIS.uri());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("it is in the future");
    }

    @Test
    void shouldWriteTheRecomputedTilesAndReplaceThemWhole() throws IOException {
        Path out = work.resolve("recompute-out");
        String[] args = {"recompute", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", archive.toString(), "--out", out.toString(), "--progress-interval", "PT0.05S"};

        Run first = run(args);
        Set<String> firstFiles = listAll(out);
        Run second = run(args);

        assertThat(first.code).as(first.err).isZero();
        assertThat(second.code).as(second.err).isZero();
        assertThat(first.out).contains("group card_txn:").contains("rejected {").contains("wrote " + out + "/tiles");
        assertThat(first.out + second.out).contains("tasks done");
        List<RecomputedTile> written = new OfflineTileTable(TestSpark.session(), out.resolve("tiles").toString())
                .tiles("card_txn").collect();
        List<RecomputedTile> expected = recompute().tiles().collect();
        assertThat(new HashSet<>(written)).isEqualTo(new HashSet<>(expected));
        assertThat(written).hasSameSizeAs(expected);
        assertThat(TestSpark.session().read().parquet(out.resolve("rejections").toString()).count())
                .isEqualTo(recompute().rejections().count());
        assertThat(listAll(out)).as("one run's files, none left over").hasSameSizeAs(firstFiles);
        try (Stream<Path> siblings = Files.list(work)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".tmp-")
                    || name.contains(".old-"));
        }
    }

    @Test
    void shouldExtendTheTableRangeByRangeToWhatOneRecomputeOfTheWholeRangeWrites() {
        Path out = work.resolve("extended-out");
        String mid = Instant.ofEpochMilli(RANGE.fromMillis() + 97 * MINUTE).toString();
        Run first = run("recompute", "--spec", specFile.toString(), "--from", FROM, "--to", mid,
                "--archive", archive.toString(), "--out", out.toString());
        Run gap = run("recompute", "--spec", specFile.toString(), "--from", Instant.parse(mid).plusSeconds(60).toString(),
                "--to", TO, "--archive", archive.toString(), "--out", out.toString(), "--extend");
        Run second = run("recompute", "--spec", specFile.toString(), "--from", mid, "--to", TO,
                "--archive", archive.toString(), "--out", out.toString(), "--extend");

        assertThat(first.code).as(first.err).isZero();
        assertThat(gap.code).isEqualTo(1);
        assertThat(gap.err).contains("holds arrivals in [" + FROM + ", " + mid + "), so it extends only by a run from "
                + mid);
        assertThat(second.code).as(second.err).isZero();
        assertThat(second.out).contains("extending " + out + ": arrivals [" + FROM + ", " + mid + ") to [" + FROM
                + ", " + TO + ")");
        OfflineTileTable table = new OfflineTileTable(TestSpark.session(), out.resolve("tiles").toString());
        List<RecomputedTile> written = table.tiles("card_txn").collect();
        assertThat(written).containsExactlyInAnyOrderElementsOf(recompute().tiles().collect());
        assertThat(table.manifest()).contains(TableManifest.ofRun(RANGE, SPEC, List.of("card_txn"), CLOCK.instant()));
        assertThat(TestSpark.session().read().parquet(out.resolve("rejections").toString()).count())
                .isEqualTo(recompute().rejections().count()).isPositive();
    }

    @Test
    void shouldBackfillFromATableExactlyWhatABackfillFromTheArchiveWrites() {
        String table = table();
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();
            Run fromArchive = run("backfill", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                    "--archive", archive.toString(), "--redis", REDIS.uri());
            Map<String, Object> expected = redisContents();
            store.deleteAll();
            String[] args = {"backfill", "--spec", specFile.toString(), "--table", table, "--redis", REDIS.uri()};

            Run dryRun = run(Stream.concat(Stream.of(args), Stream.of("--dry-run")).toArray(String[]::new));
            long keysAfterDryRun = store.deleteAll();
            Run fromTable = run(args);
            Map<String, Object> written = redisContents();
            Run again = run(args);

            assertThat(fromArchive.code).as(fromArchive.err).isZero();
            assertThat(dryRun.code).as(dryRun.err).isZero();
            assertThat(fromTable.code).as(fromTable.err).isZero();
            assertThat(again.code).as(again.err).isZero();
            assertThat(dryRun.out).contains("would offer the closed and complete tiles").contains("wrote nothing");
            assertThat(keysAfterDryRun).as("keys in Redis after a dry run").isZero();
            assertThat(fromTable.out).contains("backfill into " + REDIS.uri() + " from table " + table
                    + ": groups {transactions=[card_txn]} over arrivals [" + FROM + ", " + TO + ")");
            long tiles = count(fromArchive.out, "([\\d,]+) tiles written");
            assertThat(tiles).isPositive();
            assertThat(count(fromTable.out, "([\\d,]+) tiles written")).isEqualTo(tiles);
            assertThat(expected).isNotEmpty();
            assertThat(written).as("Redis after the backfill from the table").isEqualTo(expected);
            assertThat(count(again.out, "([\\d,]+) tiles written")).isZero();
            assertThat(count(again.out, "([\\d,]+) skipped as not newer")).isEqualTo(tiles);
        }
    }

    @Test
    void shouldRefuseToBackfillATableOfAnotherSpecOrRecomputedBeforeItsRangeEnded() throws IOException {
        String table = table();
        Path changedSpec = work.resolve("changed-features.yaml");
        Files.writeString(changedSpec, Files.readString(specFile).replace("agg: max", "agg: min"));
        TableManifest manifest = TableManifest.requireOf(table, "read");
        // Recomputed before its range ended (the clock stands at TO), then extended: unsettled all along.
        Path unsettled = work.resolve("unsettled-out");
        String later = Instant.ofEpochMilli(RANGE.toMillis() + MINUTE).toString();
        Run early = run("recompute", "--spec", specFile.toString(), "--from", FROM, "--to", later,
                "--archive", archive.toString(), "--out", unsettled.toString());
        Run extended = run("recompute", "--spec", specFile.toString(), "--from", later,
                "--to", Instant.ofEpochMilli(RANGE.toMillis() + 2 * MINUTE).toString(),
                "--archive", archive.toString(), "--out", unsettled.toString(), "--extend");
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();

            Run withRange = run("backfill", "--spec", specFile.toString(), "--table", table, "--from", FROM,
                    "--redis", REDIS.uri());
            Run otherGroup = run("backfill", "--spec", specFile.toString(), "--table", table, "--groups", "nope",
                    "--redis", REDIS.uri());
            Run otherSpec = run("backfill", "--spec", changedSpec.toString(), "--table", table, "--redis", REDIS.uri());
            Run unsettledBackfill = run("backfill", "--spec", specFile.toString(), "--table",
                    unsettled.resolve("tiles").toString(), "--redis", REDIS.uri());

            assertThat(withRange.code).isEqualTo(2);
            assertThat(withRange.err).contains("--from does not apply to --table: the table is the input, and its"
                    + " manifest gives the range");
            assertThat(otherGroup.code).isEqualTo(2);
            assertThat(otherGroup.err).contains("Unknown feature group 'nope' in --groups: table " + table
                    + " holds [card_txn]");
            assertThat(otherSpec.code).isEqualTo(1);
            assertThat(otherSpec.err).contains("holds tiles of group card_txn in format [" + manifest.tileFormats().get("card_txn")
                    + "], but the spec " + changedSpec + " plans them as [");
            assertThat(early.code).as(early.err).isZero();
            assertThat(early.out).contains("note: the range ends at " + later + ", after now (" + TO + ")");
            assertThat(extended.code).as(extended.err).isZero();
            assertThat(extended.out).contains("note: the table's input was complete only until " + TO);
            assertThat(unsettledBackfill.code).isEqualTo(1);
            assertThat(unsettledBackfill.err).contains("table " + unsettled.resolve("tiles") + " holds arrivals in [" + FROM
                    + ", " + Instant.ofEpochMilli(RANGE.toMillis() + 2 * MINUTE) + "), but its input was complete only"
                    + " until " + TO + " when it was recomputed");
            assertThat(store.deleteAll()).as("keys in Redis after refused backfills").isZero();
        }
    }

    /** A table of the whole range, recomputed through the command line once for the tests that read it. */
    private static synchronized String table() {
        Path out = work.resolve("table-out");
        if (!Files.exists(out)) {
            Run recompute = run("recompute", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                    "--archive", archive.toString(), "--out", out.toString());
            assertThat(recompute.code).as(recompute.err).isZero();
            assertThat(recompute.out).doesNotContain("unsettled");
        }
        return out.resolve("tiles").toString();
    }

    /** Every key in Redis with its value (hash fields, or a string), bytes as hex: what a reader could see. */
    private static Map<String, Object> redisContents() {
        HexFormat hex = HexFormat.of();
        try (RedisClient client = RedisClient.create(REDIS.uri());
             StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            Map<String, Object> contents = new TreeMap<>();
            for (byte[] key : connection.sync().keys("*".getBytes(StandardCharsets.UTF_8))) {
                String type = connection.sync().type(key);
                Object value = switch (type) {
                    case "hash" -> {
                        Map<String, String> fields = new TreeMap<>();
                        connection.sync().hgetall(key).forEach((field, bytes) -> fields.put(hex.formatHex(field),
                                hex.formatHex(bytes)));
                        yield fields;
                    }
                    case "string" -> hex.formatHex(connection.sync().get(key));
                    default -> type;
                };
                contents.put(new String(key, StandardCharsets.UTF_8), value);
            }
            return contents;
        }
    }

    @Test
    void shouldWriteNothingOnADryRun() {
        Path out = work.resolve("dry-out");
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();

            Run recompute = run("recompute", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                    "--archive", archive.toString(), "--out", out.toString(), "--dry-run");
            Run backfill = run("backfill", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                    "--archive", archive.toString(), "--redis", REDIS.uri(), "--dry-run");

            assertThat(recompute.code).as(recompute.err).isZero();
            assertThat(backfill.code).as(backfill.err).isZero();
            assertThat(recompute.out).contains("dry run of recompute: groups {transactions=[card_txn]} over arrivals ["
                    + FROM + ", " + TO + ")").containsPattern("group card_txn: [\\d,]+ tiles .* [\\d,]+ entities")
                    .contains("wrote nothing");
            assertThat(backfill.out).contains("would offer the closed and complete tiles").contains("wrote nothing");
            assertThat(Files.exists(out)).isFalse();
            assertThat(store.deleteAll()).as("keys in Redis after a dry run").isZero();
            assertThat(store.batchWatermark("card_txn")).isEmpty();
        }
    }

    @Test
    void shouldBackfillAsAnAuthenticatedRedisUserWithoutPrintingItsPassword() {
        try (RedisClient client = RedisClient.create(REDIS.uri());
             StatefulRedisConnection<String, String> admin = client.connect();
             OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            admin.sync().aclSetuser("backfiller", AclSetuserArgs.Builder.on().addPassword("s3cret-pw").allKeys()
                    .allCommands());
            store.deleteAll();
            String uri = "redis://backfiller:s3cret-pw@" + REDIS.server().host() + ":" + REDIS.server().port();
            String[] args = {"backfill", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                    "--archive", archive.toString(), "--redis", uri};

            Run dryRun = run(Stream.concat(Stream.of(args), Stream.of("--dry-run")).toArray(String[]::new));
            Run backfill = run(args);

            assertThat(dryRun.code).as(dryRun.err).isZero();
            assertThat(backfill.code).as(backfill.err).isZero();
            String where = "redis://***@" + REDIS.server().host() + ":" + REDIS.server().port();
            assertThat(dryRun.out).contains("would offer the closed and complete tiles above to " + where);
            assertThat(backfill.out).contains("backfilled " + where + ": ");
            assertThat(count(backfill.out, "([\\d,]+) tiles written")).isPositive();
            assertThat(dryRun.out + dryRun.err + backfill.out + backfill.err).doesNotContain("s3cret-pw");
        }
    }

    @Test
    void shouldBackfillOnceThenWriteNothingWhenRunAgain() {
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();
            String[] args = {"backfill", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                    "--archive", archive.toString(), "--redis", REDIS.uri()};

            Run first = run(args);
            Run second = run(args);

            assertThat(first.code).as(first.err).isZero();
            assertThat(second.code).as(second.err).isZero();
            long written = count(first.out, "([\\d,]+) tiles written");
            assertThat(written).isPositive();
            assertThat(count(second.out, "([\\d,]+) tiles written")).isZero();
            assertThat(count(second.out, "([\\d,]+) skipped as not newer")).isEqualTo(written);
            assertThat(store.batchWatermark("card_txn")).hasValueSatisfying(
                    heartbeat -> assertThat(heartbeat.watermarkMillis()).isEqualTo(RANGE.toMillis()));
        }
    }

    @Test
    void shouldWriteTheTrainingSetTheApiBuildsAsCsv() throws IOException {
        List<Label> expectedLabels = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expectedLabels.add(new Label(i % 3 == 0 ? "card-" + i : "hot-" + (i % 5), RANGE.fromMillis() + (i + 1) * 13 * MINUTE, i % 2));
        }
        Path labels = labelsFile("labels.csv", expectedLabels);
        Path out = work.resolve("training");

        Run result = run("training-set", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", archive.toString(), "--labels", labels.toString(), "--out", out.toString(), "--format", "csv");

        assertThat(result.code).as(result.err).isZero();
        Map<String, Object> byLabel = TrainingSet.build(recompute(), "card_txn",
                        TestSpark.session().createDataset(expectedLabels, org.apache.spark.sql.Encoders.javaSerialization(Label.class))
                                .javaRDD()).collect().stream()
                .collect(Collectors.toMap(row -> row.label().entity() + "@" + row.label().timeMillis(),
                        row -> row.features().get("amount_sum_1h")));
        List<Row> rows = TestSpark.session().read().option("header", "true").option("inferSchema", "true")
                .csv(out.resolve("card_txn").toString()).collectAsList();
        assertThat(rows).hasSize(12);
        for (Row row : rows) {
            String key = row.getAs("entity") + "@" + row.<Object>getAs("time_millis");
            assertThat(((Number) row.getAs("amount_sum_1h")).doubleValue()).as(key)
                    .isEqualTo(((Number) byLabel.get(key)).doubleValue());
        }
    }

    @Test
    void shouldFailNamingATruncatedOrForeignFileUnlessAskedToSkipIt() throws IOException {
        Path bad = work.resolve("bad-archive");
        Files.createDirectories(bad);
        List<Path> good;
        try (Stream<Path> files = Files.list(archive)) {
            good = files.sorted().toList();
        }
        for (Path file : good) {
            Files.copy(file, bad.resolve(file.getFileName()));
        }
        String inRange = new org.apache.hadoop.fs.Path(dev.lockstep.batch.archive.ArchiveReader.listFiles(
                archive.toString(), RANGE.fromMillis(), RANGE.toMillis()).get(1)).getName();
        Path truncated = bad.resolve(inRange);
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path foreign = bad.resolve("foreign.avro");
        writeForeignAvro(foreign);
        String[] args = {"recompute", "--spec", specFile.toString(), "--from", FROM, "--to", TO,
                "--archive", bad.toString(), "--out", work.resolve("bad-out").toString()};

        Run failing = run(args);
        boolean writtenOnFailure = Files.exists(work.resolve("bad-out"));
        Run skipping = run(Stream.concat(Stream.of(args), Stream.of("--skip-bad-files")).toArray(String[]::new));

        assertThat(failing.code).isEqualTo(1);
        assertThat(failing.err).containsAnyOf(truncated.getFileName().toString(), "foreign.avro");
        assertThat(writtenOnFailure).as("output written by the failing run").isFalse();
        assertThat(skipping.code).as(skipping.err).isZero();
        assertThat(skipping.out).contains("SKIPPED 2 bad archive file(s)")
                .contains(truncated.getFileName() + ": truncated archive file")
                .contains("foreign.avro: not an archive file").contains("lacks the archive field 'topic'")
                .contains("note: 2 archive file(s) were skipped as bad: the table records them");

        // The table remembers what it lacks: a backfill from it writes its tiles but, like a backfill straight
        // from the skipping recompute, publishes no batch watermark.
        String table = work.resolve("bad-out").resolve("tiles").toString();
        assertThat(TableManifest.readFrom(table).orElseThrow().skippedFiles())
                .extracting(file -> new org.apache.hadoop.fs.Path(file).getName())
                .containsExactly("foreign.avro", truncated.getFileName().toString());
        try (OnlineStore store = RedisOnlineStore.connect(REDIS.uri(), RedisBackfill.layouts(SPEC, "transactions"), CLOCK)) {
            store.deleteAll();
            String[] backfill = {"backfill", "--spec", specFile.toString(), "--table", table, "--redis", REDIS.uri()};
            Run dryRun = run(Stream.concat(Stream.of(backfill), Stream.of("--dry-run")).toArray(String[]::new));
            Run fromTable = run(backfill);

            assertThat(dryRun.code).as(dryRun.err).isZero();
            assertThat(fromTable.code).as(fromTable.err).isZero();
            String why = "2 archive file(s) were skipped as bad when the table was recomputed (";
            assertThat(dryRun.out).contains(why);
            assertThat(count(fromTable.out, "([\\d,]+) tiles written")).isPositive();
            assertThat(fromTable.out).contains("batch watermark of card_txn left where it was: " + why)
                    .contains("so its tiles may miss events");
            assertThat(store.batchWatermark("card_txn")).isEmpty();
        }
    }

    private static void writeForeignAvro(Path file) throws IOException {
        Schema schema = SchemaBuilder.record("Other").fields().requiredString("name").endRecord();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            writer.create(schema, file.toFile());
            GenericRecord record = new GenericData.Record(schema);
            record.put("name", "not an archive record");
            writer.append(record);
        }
    }

    @Test
    void shouldBuildFromATableTheTrainingSetARecomputeOfTheTablesRangeBuilds() throws IOException {
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // From 100 minutes into the table's 180 to 45 minutes after its end.
            labels.add(new Label(i % 3 == 0 ? "card-" + i : "hot-" + (i % 5), RANGE.fromMillis() + 100 * MINUTE + i * 257_000L, i % 2));
        }
        Path labelsFile = labelsFile("later-labels.csv", labels);
        String lastLabelPlusOne = Instant.ofEpochMilli(labels.get(labels.size() - 1).timeMillis() + 1).toString();
        String table = table();
        Path fromArchive = work.resolve("training-from-archive");
        Path fromTable = work.resolve("training-from-table");

        Run archiveRun = run("training-set", "--spec", specFile.toString(), "--from", FROM, "--to", lastLabelPlusOne,
                "--archive", archive.toString(), "--labels", labelsFile.toString(), "--out", fromArchive.toString(),
                "--format", "csv");
        Run tableRun = run("training-set", "--spec", specFile.toString(), "--table", table, "--archive",
                archive.toString(), "--labels", labelsFile.toString(), "--out", fromTable.toString(), "--format", "csv");

        assertThat(labels.get(labels.size() - 1).timeMillis()).isGreaterThan(RANGE.toMillis());
        assertThat(archiveRun.code).as(archiveRun.err).isZero();
        assertThat(tableRun.code).as(tableRun.err).isZero();
        // The example's daily tiles reach back a day: the look-back starts at the table's start, and ends after the last label.
        assertThat(tableRun.out).contains("training set for " + labelsFile + " from table " + table + " (closed tiles of"
                + " arrivals [" + FROM + ", " + TO + ")), recomputing the tiles open at the labels: groups"
                + " {transactions=[card_txn]} over arrivals [" + FROM + ", " + lastLabelPlusOne + ")");
        List<String> expected = csvLines(fromArchive.resolve("card_txn"));
        assertThat(expected).hasSize(labels.size());
        assertThat(csvLines(fromTable.resolve("card_txn"))).isEqualTo(expected);
    }

    @Test
    void shouldRefuseATrainingSetFromATableForLabelsItCannotAnswer() throws IOException {
        String table = table();
        Path labelBefore = labelsFile("label-before.csv", List.of(new Label("hot-1", RANGE.fromMillis() - 1, 1.0)));

        Run withRange = run("training-set", "--spec", specFile.toString(), "--table", table, "--to", TO,
                "--archive", archive.toString(), "--labels", labelBefore.toString(), "--out", work.resolve("t1").toString());
        Run before = run("training-set", "--spec", specFile.toString(), "--table", table,
                "--archive", archive.toString(), "--labels", labelBefore.toString(), "--out", work.resolve("t2").toString());
        Run otherGroup = run("training-set", "--spec", specFile.toString(), "--table", table, "--groups", "nope",
                "--archive", archive.toString(), "--labels", labelBefore.toString(), "--out", work.resolve("t3").toString());

        assertThat(withRange.code).isEqualTo(2);
        assertThat(withRange.err).contains("--to does not apply to --table: the labels give the range to recompute");
        assertThat(before.code).isEqualTo(1);
        assertThat(before.err).contains("1 label(s) in " + labelBefore + " lie before the range of table " + table
                + ", which starts at " + FROM + ", e.g. hot-1 at " + Instant.ofEpochMilli(RANGE.fromMillis() - 1));
        assertThat(otherGroup.code).isEqualTo(2);
        assertThat(otherGroup.err).contains("Unknown feature group 'nope'");
        assertThat(work.resolve("t1")).doesNotExist();
        assertThat(work.resolve("t2")).doesNotExist();
        assertThat(work.resolve("t3")).doesNotExist();
    }

    private static Path labelsFile(String name, List<Label> labels) throws IOException {
        StringBuilder csv = new StringBuilder("entity,time,label\n");
        for (int i = 0; i < labels.size(); i++) {
            Label label = labels.get(i);
            // Both time forms the file allows.
            csv.append(label.entity()).append(',').append(i % 2 == 0 ? Instant.ofEpochMilli(label.timeMillis()).toString()
                    : String.valueOf(label.timeMillis())).append(',').append(label.value()).append('\n');
        }
        Path file = work.resolve(name);
        Files.writeString(file, csv);
        return file;
    }

    /** The data lines of a CSV table's part files, sorted. */
    private static List<String> csvLines(Path table) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(table)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                List<String> partLines = Files.readAllLines(part);
                lines.addAll(partLines.subList(Math.min(1, partLines.size()), partLines.size())); // each part has its header
            }
        }
        lines.sort(null);
        return lines;
    }

    private static RecomputeResult recompute() {
        return new TileRecompute(TestSpark.session(), SPEC, "transactions").run(archive.toString(), RANGE, 2);
    }

    private static long count(String output, String pattern) {
        var matcher = java.util.regex.Pattern.compile(pattern).matcher(output);
        assertThat(matcher.find()).as("'%s' in:%n%s", pattern, output).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static Set<String> listAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BatchMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), CLOCK);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
