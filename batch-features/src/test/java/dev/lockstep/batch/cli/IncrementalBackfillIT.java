package dev.lockstep.batch.cli;

import static dev.lockstep.batch.recompute.TransactionArchive.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.backfill.RedisBackfill;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TransactionArchive;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import dev.lockstep.wire.ConfluentWireFormat;
import dev.lockstep.wire.SchemaRegistries;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backfill --incremental}, as a scheduler runs it: two runs, each continuing from the batch watermark
 * the previous one published, leave Redis exactly as one backfill over the whole range does, including
 * duplicates whose copies fall on either side of the runs' boundary; a third run at the same time writes
 * nothing.
 *
 * <p>Arrival times two hours apart without waiting two hours: the topic stamps CreateTime and the producer
 * sets each record's timestamp to its arrival, in order per partition, so offsets grow with timestamps
 * exactly as under LogAppendTime (which source topics use), and the commands run at fixed clocks
 * consistent with those arrivals.
 */
class IncrementalBackfillIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final String REGISTRY = "mem://incremental-backfill-it";
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** The first arrival: midnight two days ago, so every tile is within retention at the runs' clocks. */
    private static final long START = (System.currentTimeMillis() / DAY - 2) * DAY;
    /**
     * The first run's start: a day (the longest hop) and an hour before the first arrival, so the daily tile
     * holding the earliest events is complete in the first run as in the one backfill it is compared with.
     */
    private static final long FIRST_FROM = START - DAY - 60 * MINUTE;
    /** Where the first run ends (its clock minus the default one-minute settle time). */
    private static final long BOUNDARY = START + 60 * MINUTE;
    /** The second run's end: every record (the last retries arrive up to 12 minutes after two hours) is before it. */
    private static final long END = START + 3 * 60 * MINUTE;

    @TempDir
    static Path work;

    private static Path specFile;
    private static final List<ArchivedRecord> RECORDS = new ArrayList<>();
    private static final TreeSet<String> ENTITIES = new TreeSet<>();
    private static final Set<String> SENT = new HashSet<>();

    @BeforeAll
    static void setUp() throws Exception {
        SourcePlan plan = SPEC.plan("transactions");
        KAFKA.broker().createTopic(plan.source().topic(), TransactionArchive.PARTITIONS,
                Map.of("message.timestamp.type", "CreateTime"));
        // generate() places its arrivals from TransactionArchive.START; whole days later keeps every tile aligned.
        long shift = START - TransactionArchive.START;
        for (ArchivedRecord record : TransactionArchive.generate(plan.source().schema(), 23, 3000, 2,
                TransactionArchive.START + (BOUNDARY - START))) {
            RECORDS.add(shifted(record, shift));
        }
        RECORDS.stream().filter(r -> r.event() != null).map(r -> r.event().get("card_id").toString())
                .filter(card -> !card.isEmpty()).forEach(ENTITIES::add);
        specFile = work.resolve("features.yaml");
        try (InputStream in = IncrementalBackfillIT.class.getClassLoader().getResourceAsStream("examples/fraud/features.yaml")) {
            Files.write(specFile, in.readAllBytes());
        }
    }

    @Test
    void shouldLeaveRedisAsOneBackfillOfTheWholeRangeDoesWhenRunTwiceFromItsWatermark() {
        produce(r -> r.position().arrivalMillis() < BOUNDARY);
        Run first = run(at(BOUNDARY + MINUTE), "backfill", "--incremental", "--from", instant(FIRST_FROM),
                "--spec", specFile.toString(), "--kafka-bootstrap", KAFKA.bootstrapServers(), "--schema-registry", REGISTRY,
                "--redis", redis(0));
        Map<String, Map<TileKey, String>> afterFirst = stored(0);
        produce(r -> r.position().arrivalMillis() >= BOUNDARY); // arrives after the first run, as in production
        String[] next = {"backfill", "--incremental", "--spec", specFile.toString(), "--kafka-bootstrap",
                KAFKA.bootstrapServers(), "--schema-registry", REGISTRY, "--redis", redis(0)};
        Run second = run(at(END + MINUTE), next);
        Run third = run(at(END + MINUTE), next);
        Run whole = run(at(END + MINUTE), "backfill", "--from", instant(FIRST_FROM), "--to", instant(END),
                "--spec", specFile.toString(), "--kafka-bootstrap", KAFKA.bootstrapServers(), "--schema-registry", REGISTRY,
                "--redis", redis(1));

        assertThat(first.code).as(first.err).isZero();
        assertThat(second.code).as(second.err).isZero();
        assertThat(third.code).as(third.err).isZero();
        assertThat(whole.code).as(whole.err).isZero();
        assertThat(first.out).contains("batch watermarks {card_txn=none}; this run ends at " + instant(BOUNDARY));
        assertThat(second.out).contains("batch watermarks {card_txn=" + instant(BOUNDARY) + "}; this run ends at "
                + instant(END));
        assertThat(written(first)).isPositive();
        assertThat(written(second)).isPositive();
        assertThat(third.out).contains("nothing to backfill: every group's batch watermark is at or past " + instant(END));
        assertThat(third.out).doesNotContain("tiles written");
        Map<String, Map<TileKey, String>> incremental = stored(0);
        Map<String, Map<TileKey, String>> reference = stored(1);
        assertThat(reference.values().stream().mapToInt(Map::size).sum()).isEqualTo(written(whole)).isGreaterThan(300);
        assertThat(incremental).as("differences (incremental vs one backfill): %s", differences(incremental, reference))
                .isEqualTo(reference);
        GroupLayout layout = GroupLayout.of(SPEC.plan("transactions").group("card_txn"));
        assertThat(afterFirst.values().stream().mapToInt(Map::size).sum()).isEqualTo(written(first));
        afterFirst.forEach((entity, tiles) -> tiles.forEach((tile, value) -> {
            boolean expired = (tile.index() + 1) * tile.hopMillis()
                    < END + MINUTE - layout.retentionOf(tile.hopMillis()).toMillis();
            assertThat(reference.getOrDefault(entity, Map.of()).get(tile))
                    .as("%s %s of the first run, unchanged since (or removed as expired: %s)", entity, tile, expired)
                    .isEqualTo(expired ? null : value);
        }));
        try (OnlineStore store = store(0)) {
            assertThat(store.batchWatermark("card_txn")).hasValueSatisfying(
                    heartbeat -> assertThat(heartbeat.watermarkMillis()).isEqualTo(END));
        }
    }

    @Test
    void shouldExitTwoNamingWhatAnIncrementalBackfillCannotBeGiven() {
        Clock clock = at(END + MINUTE);
        String[] base = {"backfill", "--incremental", "--spec", specFile.toString(), "--redis", redis(2)};

        Run neverBackfilled = run(clock, concat(base, "--kafka-bootstrap", KAFKA.bootstrapServers(),
                "--schema-registry", REGISTRY));
        Run withTo = run(clock, concat(base, "--kafka-bootstrap", KAFKA.bootstrapServers(), "--schema-registry", REGISTRY,
                "--from", instant(START), "--to", instant(END)));
        Run fromArchive = run(clock, concat(base, "--archive", work.toString(), "--from", instant(START)));
        Run withOffsets = run(clock, concat(base, "--kafka-bootstrap", KAFKA.bootstrapServers(), "--schema-registry",
                REGISTRY, "--from", instant(START), "--topic-range", "0:0-10"));
        Run zeroPeriod = run(clock, concat(base, "--kafka-bootstrap", KAFKA.bootstrapServers(), "--schema-registry",
                REGISTRY, "--from", instant(START), "--every", "PT0S"));
        Run everyAlone = run(clock, "backfill", "--spec", specFile.toString(), "--redis", redis(2), "--from",
                instant(START), "--to", instant(END), "--archive", work.toString(), "--every", "PT1H");

        assertThat(neverBackfilled.code).isEqualTo(2);
        assertThat(neverBackfilled.err).contains("group card_txn has no batch watermark yet (never backfilled):"
                + " its first incremental run needs a start (--from)");
        assertThat(withTo.code).isEqualTo(2);
        assertThat(withTo.err).contains("--to is not given to an --incremental backfill");
        assertThat(fromArchive.code).isEqualTo(2);
        assertThat(fromArchive.err).contains("--incremental reads the source topics");
        assertThat(withOffsets.code).isEqualTo(2);
        assertThat(withOffsets.err).contains("--topic-range is not given to an --incremental backfill");
        assertThat(zeroPeriod.code).isEqualTo(2);
        assertThat(zeroPeriod.err).contains("Invalid --every PT0S: must be positive");
        assertThat(everyAlone.code).isEqualTo(2);
        assertThat(everyAlone.err).contains("--every applies to --incremental backfills only");
        try (OnlineStore store = store(2)) {
            assertThat(store.deleteAll()).as("keys written by refused runs").isZero();
        }
    }

    @Test
    void shouldRunAgainEveryPeriodUntilInterrupted() throws Exception {
        AtomicReference<Run> result = new AtomicReference<>();
        Thread scheduler = new Thread(() -> result.set(run(at(START + 5 * MINUTE), "backfill", "--incremental",
                "--every", "PT0.2S", "--from", instant(START), "--spec", specFile.toString(), "--kafka-bootstrap",
                KAFKA.bootstrapServers(), "--schema-registry", REGISTRY, "--redis", redis(3))));
        scheduler.start();
        try (OnlineStore store = store(3)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (store.batchWatermark("card_txn").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1_000); // a few more periods, each with nothing left to backfill at this fixed clock
            scheduler.interrupt();
            scheduler.join(Duration.ofSeconds(60).toMillis());

            assertThat(scheduler.isAlive()).isFalse();
            assertThat(result.get().code).as(result.get().err).isZero();
            assertThat(result.get().out).contains("run 1: incremental backfill into " + redis(3))
                    .contains("nothing to backfill").containsPattern("stopped after \\d+ run\\(s\\)");
            assertThat(count(result.get().out, "stopped after (\\d+) run")).isGreaterThanOrEqualTo(3);
            assertThat(store.batchWatermark("card_txn")).hasValueSatisfying(
                    heartbeat -> assertThat(heartbeat.watermarkMillis()).isEqualTo(START + 4 * MINUTE));
        }
    }

    /** Sends the records not yet sent that the filter selects, each to its partition with its arrival as timestamp. */
    private static synchronized void produce(Predicate<ArchivedRecord> filter) {
        ConfluentWireFormat wire = ConfluentWireFormat.autoRegistering(SchemaRegistries.fromUrl(REGISTRY));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ArchivedRecord record : RECORDS) {
                if (filter.test(record) && SENT.add(record.position().toString())) {
                    producer.send(TransactionArchive.producerRecord(wire, record));
                }
            }
            producer.flush();
        }
    }

    private static ArchivedRecord shifted(ArchivedRecord record, long shift) {
        RecordPosition position = new RecordPosition(record.position().topic(),
                record.position().partition(), record.position().offset(), record.position().arrivalMillis() + shift);
        if (record.event() == null) {
            return ArchivedRecord.undecodable(position, null, record.decodeFailure());
        }
        GenericRecord event = new GenericData.Record((GenericData.Record) record.event(), true);
        event.put("event_time", (Long) event.get("event_time") + shift);
        return ArchivedRecord.decoded(position, null, event);
    }

    /** Every stored tile of every generated entity, as base64 bytes and version, by entity and tile. */
    private static Map<String, Map<TileKey, String>> stored(int database) {
        Map<String, Map<TileKey, String>> stored = new TreeMap<>();
        try (OnlineStore store = store(database)) {
            store.readTiles("card_txn", List.copyOf(ENTITIES)).forEach((entity, tiles) -> {
                if (!tiles.tiles().isEmpty()) {
                    stored.put(entity, describe(tiles));
                }
            });
        }
        return stored;
    }

    /** The tiles that differ between two stores' contents, for a readable failure. */
    private static List<String> differences(Map<String, Map<TileKey, String>> actual, Map<String, Map<TileKey, String>> expected) {
        List<String> differences = new ArrayList<>();
        Set<String> entities = new TreeSet<>(actual.keySet());
        entities.addAll(expected.keySet());
        for (String entity : entities) {
            Map<TileKey, String> a = actual.getOrDefault(entity, Map.of());
            Map<TileKey, String> e = expected.getOrDefault(entity, Map.of());
            Set<TileKey> tiles = new TreeSet<>(a.keySet());
            tiles.addAll(e.keySet());
            tiles.stream().filter(tile -> !Objects.equals(a.get(tile), e.get(tile)))
                    .forEach(tile -> differences.add(entity + " " + tile + ": " + a.get(tile) + " vs " + e.get(tile)));
        }
        return differences;
    }

    private static Map<TileKey, String> describe(EntityTiles tiles) {
        Map<TileKey, String> described = new TreeMap<>();
        tiles.tiles().forEach((tile, bytes) -> described.put(tile,
                Base64.getEncoder().encodeToString(bytes) + " v" + tiles.versions().get(tile)));
        return described;
    }

    private static OnlineStore store(int database) {
        return RedisOnlineStore.connect(redis(database), RedisBackfill.layouts(SPEC, "transactions"), at(END + MINUTE));
    }

    private static String redis(int database) {
        return REDIS.uri() + "/" + database;
    }

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String[] concat(String[] base, String... more) {
        return Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new);
    }

    private static long written(Run run) {
        return count(run.out, "backfilled .*?: ([\\d,]+) tiles written");
    }

    private static long count(String output, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(output);
        assertThat(matcher.find()).as("'%s' in:%n%s", pattern, output).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static Run run(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BatchMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), clock);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
