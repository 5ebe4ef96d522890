package dev.lockstep.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.batch.archive.ArchiveSource;
import dev.lockstep.batch.backfill.BackfillReport;
import dev.lockstep.batch.archive.Archiver;
import dev.lockstep.batch.archive.ArchiverConfig;
import dev.lockstep.parity.harness.BatchSide;
import dev.lockstep.parity.harness.GeneratedPayments;
import dev.lockstep.testing.MutableClock;
import dev.lockstep.parity.harness.OracleSide;
import dev.lockstep.parity.harness.ParitySpec;
import dev.lockstep.parity.harness.Payments;
import dev.lockstep.parity.harness.ServingClient;
import dev.lockstep.parity.harness.SideDump;
import dev.lockstep.parity.harness.StoredTiles;
import dev.lockstep.parity.harness.StreamingCatchUp;
import dev.lockstep.parity.harness.TestSpark;
import dev.lockstep.parity.harness.TopicIO;
import dev.lockstep.parity.oracle.Oracle;
import dev.lockstep.parity.oracle.OracleRules;
import dev.lockstep.parity.oracle.RawRecord;
import dev.lockstep.parity.report.ParityComparison;
import dev.lockstep.parity.report.ParityReport;
import dev.lockstep.parity.report.RowKey;
import dev.lockstep.parity.report.SideValues;
import dev.lockstep.serving.FeatureServer;
import dev.lockstep.serving.ServingConfig;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.streaming.OnlineStoreLayouts;
import dev.lockstep.streaming.StreamingApp;
import dev.lockstep.streaming.StreamingConfig;
import dev.lockstep.streaming.TopologyServices;
import dev.lockstep.testing.kafka.KafkaBrokerExtension;
import dev.lockstep.testing.redis.RedisServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's promise as a test: one seeded stream through the streaming app into Redis, read through
 * the serving API; through the batch job over the archive of the same stream; and through the oracle.
 * At every read time, every feature of every entity agrees bit for bit across the three; batch training
 * rows equal the served values; dead letters and batch rejections equal the oracle's rejections. The
 * archive is written by the {@link Archiver}, consuming the source topic beside the streaming app.
 *
 * <p>Read times: after each burst, once streaming has caught up, at the burst's last arrival and at the
 * wall clock (serving's clock is set to each, so serving computes at exactly that time); then after the
 * stream at offsets that let every window expire in turn. {@code -Dparity.soak=true} runs a longer stream.
 */
class EndToEndParityIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final boolean SOAK = Boolean.getBoolean("parity.soak");
    private static final int BURSTS = SOAK ? 12 : 4;
    private static final int PER_BURST = SOAK ? 4_000 : 600;
    private static final int ACCOUNTS = SOAK ? 400 : 40;
    private static final long IDLE_GAP_MILLIS = 1_500;
    private static final long MINUTE = 60_000;
    /**
     * After the stream: the future skew, each hop, each window (10m, 1h, 12h, 24h, 30d) expiring. The last
     * is 32 days, not 31: an event may be up to a minute ahead of its arrival, so when a UTC midnight falls
     * just after the last arrival, its day tile is still inside the 30-day window 31 days later.
     */
    private static final long[] AFTER_STREAM = {1, 61_000, 5 * MINUTE, 10 * MINUTE + 1, 15 * MINUTE, 61 * MINUTE,
            2 * 60 * MINUTE, 12 * 60 * MINUTE + 5 * MINUTE, 25 * 60 * MINUTE, 32L * 24 * 60 * MINUTE};
    private static final String APP_ID = "lockstep-parity";
    private static final Path REPORTS = Path.of(System.getProperty("parity.reportDir", "target/parity"));

    @TempDir
    Path stateDir;
    @TempDir
    Path archive;

    @Test
    void shouldAgreeBitForBitAcrossStreamingServingBatchAndTheOracle() throws Exception {
        KAFKA.broker().createTopic(ParitySpec.TOPIC, 3, Map.of("message.timestamp.type", "LogAppendTime"));
        Payments payments = new Payments();
        GeneratedPayments generator = new GeneratedPayments(payments, 20261123L, ACCOUNTS);
        List<String> entities = generator.accountUniverse();
        StreamingConfig config = StreamingConfig.of(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                "replication.factor", "1", "source.partitions", "3", "state.dir", stateDir.toString(),
                "watermark.heartbeat.interval.ms", "200", "application.id", APP_ID), Map.of());
        MutableClock servingClock = new MutableClock(0);
        SideValues served = new SideValues("served");
        List<Long> readTimes = new ArrayList<>();
        List<RawRecord> records = List.of();
        Map<String, String> deadLetters;
        Oracle oracle;
        try (TopicIO topics = new TopicIO(KAFKA.bootstrapServers());
             Admin admin = KAFKA.broker().admin();
             RedisOnlineStore streamingStore = RedisOnlineStore.connect(REDIS.uri(),
                     OnlineStoreLayouts.of(ParitySpec.SPEC), Clock.systemUTC());
             RedisOnlineStore servingStore = RedisOnlineStore.connect(REDIS.uri(),
                     FeatureServer.layoutsFor(ParitySpec.SPEC), Clock.systemUTC());
             StreamingApp app = new StreamingApp(config, ParitySpec.SPEC, new TopologyServices(payments.wireFormat(),
                     streamingStore, new SimpleMeterRegistry(), Clock.systemUTC()));
             FeatureServer server = FeatureServer.builder(ParitySpec.SPEC, servingStore,
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                     .config(ServingConfig.defaults(0)).clock(servingClock).start();
             Archiver archiver = Archiver.start(ArchiverConfig.of(KAFKA.bootstrapServers(), "parity-archiver", archive,
                     List.of(new ArchiveSource(ParitySpec.TOPIC, ParitySpec.SCHEMA))), payments.registry())) {
            app.start();
            ServingClient client = new ServingClient(server.uri(), "account");
            int produced = 0;
            long deadline = System.currentTimeMillis() + (SOAK ? 600_000 : 120_000);
            for (int burst = 0; burst < BURSTS; burst++) {
                List<GeneratedPayments.Produced> batch = generator.burst(System.currentTimeMillis(), PER_BURST);
                topics.produce(ParitySpec.TOPIC, batch);
                produced += batch.size();
                records = topics.readSource(ParitySpec.TOPIC, produced);
                StreamingCatchUp.await(admin, APP_ID, ParitySpec.TOPIC, records, deadline);
                // Nothing produced later can have arrived by now: both times see exactly the records so far.
                for (long t : new TreeSet<>(List.of(lastArrival(records), System.currentTimeMillis()))) {
                    servingClock.set(t);
                    client.read(ParitySpec.SERVICE, entities, t, served);
                    readTimes.add(t);
                }
                Thread.sleep(IDLE_GAP_MILLIS);
            }
            long end = lastArrival(records);
            for (long after : AFTER_STREAM) {
                servingClock.set(end + after);
                client.read(ParitySpec.SERVICE, entities, end + after, served);
                readTimes.add(end + after);
            }
            assertThat(archiver.awaitCaughtUp(Duration.ofSeconds(SOAK ? 300 : 60))).as("archiver caught up").isTrue();
            assertThat(archiver.failure()).isEmpty();
            assertThat(archiver.recordsArchived()).isEqualTo(records.size());
            oracle = new Oracle(ParitySpec.SPEC, ParitySpec.SOURCE, payments::schemaById, OracleRules.CONTRACT, records);
            deadLetters = topics.readDeadLetters(ParitySpec.DLQ_TOPIC, payments.wireFormat(),
                    oracle.rejections().size(), deadline);
        }

        BatchSide batch = new BatchSide(TestSpark.session(), archive.toString(), readTimes.get(readTimes.size() - 1));
        SideValues training = batch.trainingRows("batch-training", oracle.groupNames(), entities, readTimes);
        Map<String, String> batchRejections = batch.rejections();
        long batchDuplicates = batch.duplicates();
        SideValues expected = OracleSide.values("oracle", oracle, entities, readTimes);
        assertBackfillWritesExactlyWhatStreamingWrote(batch, oracle.groupNames(), entities);

        ParityReport report = new ParityReport("end-to-end (" + records.size() + " records, " + readTimes.size()
                + " read times, " + entities.size() + " entities)",
                List.of(ParityComparison.compare(expected, served), ParityComparison.compare(expected, training),
                        ParityComparison.compare(served, training)),
                List.of(ParityComparison.compareRejections("oracle", oracle.rejections(), "dlq", deadLetters),
                        ParityComparison.compareRejections("oracle", oracle.rejections(), "batch", batchRejections)));
        String name = SOAK ? "end-to-end-soak" : "end-to-end";
        report.write(REPORTS, name);
        if (!report.clean()) {
            for (SideValues side : List.of(expected, served, training)) {
                SideDump.write(REPORTS, name, side);
            }
        }

        assertThat(report.clean()).as(report.summary()).isTrue();
        int rows = readTimes.size() * entities.size() * oracle.groupNames().size();
        assertThat(served.size()).isEqualTo(rows);
        assertThat(training.size()).isEqualTo(rows);
        assertThat(batchDuplicates).isEqualTo(oracle.duplicates()).isPositive();
        assertThat(new HashSet<>(oracle.rejections().values())).containsExactlyInAnyOrder("UNDECODABLE",
                "UNKNOWN_SCHEMA", "MISSING_ENTITY_KEY", "MISSING_EVENT_TIME", "INVALID_VALUE", "TOO_LATE",
                "TOO_FAR_IN_FUTURE");
        assertStreamIsNotTrivial(expected, readTimes, end(readTimes));
    }

    /** A report's tile counts alone (its watermark decisions are not what this compares). */
    private static BackfillReport tileCounts(BackfillReport report) {
        return new BackfillReport(report.written(), report.skippedAsNotNewer(), report.skippedAsExpired());
    }

    /**
     * Batch versions a tile by its event count, streaming by its update counter; they must agree for the
     * backfill to be safe beside streaming. Over the tiles streaming left in Redis the backfill writes
     * nothing and changes nothing; into an emptied Redis it writes exactly those tiles, byte for byte and
     * version for version.
     */
    private static void assertBackfillWritesExactlyWhatStreamingWrote(BatchSide batch, List<String> groups,
            List<String> entities) {
        try (RedisOnlineStore store = RedisOnlineStore.connect(REDIS.uri(), OnlineStoreLayouts.of(ParitySpec.SPEC),
                Clock.systemUTC())) {
            Map<String, String> streamed = StoredTiles.snapshot(store, groups, entities);
            assertThat(streamed).hasSizeGreaterThan(100);

            assertThat(tileCounts(batch.backfill(REDIS.uri()))).as("backfill over streaming's tiles")
                    .isEqualTo(new BackfillReport(0, streamed.size(), 0));
            assertThat(StoredTiles.snapshot(store, groups, entities)).isEqualTo(streamed);

            store.deleteAll();
            assertThat(tileCounts(batch.backfill(REDIS.uri()))).as("backfill into an empty Redis")
                    .isEqualTo(new BackfillReport(streamed.size(), 0, 0));
            assertThat(StoredTiles.snapshot(store, groups, entities)).isEqualTo(streamed);
        }
    }

    /** Guards the guard: windows held data during the stream and were empty once the 30 days had passed. */
    private static void assertStreamIsNotTrivial(SideValues oracle, List<Long> readTimes, long last) {
        long withDistinctMerchants = oracle.rows().entrySet().stream()
                .filter(e -> e.getKey().group().equals("account_activity"))
                .filter(e -> (Long) e.getValue().get("merchants_24h") > 3).count();
        assertThat(withDistinctMerchants).isPositive();
        assertThat(oracle.rows().entrySet().stream().filter(e -> e.getKey().readTimeMillis() == last)
                .filter(e -> e.getKey().group().equals("account_activity"))
                .map(e -> e.getValue().get("amount_mean_30d"))).containsOnlyNulls();
        assertThat(oracle.rows().keySet().stream().map(RowKey::readTimeMillis).distinct().count())
                .isEqualTo(readTimes.size());
    }

    private static long end(List<Long> readTimes) {
        return readTimes.get(readTimes.size() - 1);
    }

    private static long lastArrival(List<RawRecord> records) {
        return records.stream().mapToLong(RawRecord::arrival).max().orElseThrow();
    }
}
