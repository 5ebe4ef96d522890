package dev.lockstep.parity.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.parity.cli.ParityMain;
import dev.lockstep.parity.harness.ArchiveFromTopic;
import dev.lockstep.parity.harness.GeneratedPayments;
import dev.lockstep.parity.harness.ParitySpec;
import dev.lockstep.parity.harness.Payments;
import dev.lockstep.parity.harness.TestSpark;
import dev.lockstep.parity.oracle.RawRecord;
import dev.lockstep.serving.FeatureServer;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.TileWrite;
import dev.lockstep.testing.redis.RedisServerExtension;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parity check} against a real Redis holding the tiles a caught-up pipeline would hold (every
 * recomputed tile, open or closed), over an archive of a generated stream: it passes; after one entity's
 * tile is overwritten, it reports that entity's features and exits 1, unless the threshold allows it.
 */
class ParityMainIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @TempDir
    static Path dir;

    private static long at;
    private static Path specFile;
    private static Path archive;
    private static List<RecomputedTile> tiles;
    private static Set<String> entities;

    @BeforeAll
    static void archiveAStreamAndServeItsTiles() throws Exception {
        Path specDir = Files.createDirectories(dir.resolve("spec"));
        for (String file : List.of("features.yaml", "Payment.avsc")) {
            try (InputStream in = ParityMainIT.class.getClassLoader().getResourceAsStream("parity/" + file)) {
                Files.copy(in, specDir.resolve(file));
            }
        }
        specFile = specDir.resolve("features.yaml");
        Payments payments = new Payments();
        long start = System.currentTimeMillis();
        List<RawRecord> records = new ArrayList<>();
        long[] offsets = new long[3];
        int i = 0;
        for (GeneratedPayments.Produced p : new GeneratedPayments(payments, 99L, 30).burst(start, 1_500)) {
            int partition = Math.floorMod(new String(p.key()).hashCode(), 3);
            records.add(new RawRecord(p.key(), p.value(), ParitySpec.TOPIC, partition, offsets[partition]++,
                    start + 20L * i++));
        }
        at = start + 20L * i + 1_000;
        archive = dir.resolve("archive");
        ArchiveFromTopic.write(records, payments.wireFormat(), archive, 400);

        tiles = new TileRecompute(TestSpark.session(), ParitySpec.HANDLE, ParitySpec.SOURCE)
                .run(archive.toString(), new ArchiveRange(0, at + 1), 2).tiles().collect();
        entities = new TreeSet<>(tiles.stream().map(RecomputedTile::entity).toList());
        try (RedisOnlineStore store = store()) {
            store.writeTiles(tiles.stream().map(t -> new TileWrite(t.group(), t.entity(), t.tileKey(), t.events(),
                    t.irs())).toList());
        }
    }

    private static RedisOnlineStore store() {
        return RedisOnlineStore.connect(REDIS.uri(), FeatureServer.layoutsFor(ParitySpec.SPEC), Clock.systemUTC());
    }

    private static Run check(double ratio, double threshold, String reportName) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ParityMain.execute(new PrintWriter(out), new PrintWriter(err), "check", "--spec", specFile.toString(),
                "--archive", archive.toString(), "--redis", REDIS.uri(), "--at", String.valueOf(at),
                "--sample-ratio", String.valueOf(ratio), "--threshold", String.valueOf(threshold),
                "--report", dir.resolve(reportName).toString());
        return new Run(exit, out.toString(), err.toString(), dir.resolve(reportName).resolve("parity-check.json"));
    }

    private record Run(int exit, String out, String err, Path report) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(report.toFile());
        }
    }

    @Test
    void shouldPassWhenServedValuesEqualTheRecomputeThenFailOnceOneEntitysTileIsOverwritten() throws Exception {
        Run clean = check(1.0, 0.0, "clean");

        assertThat(clean.exit()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains("PARITY", entities.size() + " entities sampled");
        assertThat(clean.json().get("clean").asBoolean()).isTrue();

        overwriteNewestFiveMinuteTileOfHot0();
        Run broken = check(1.0, 0.0, "broken");

        assertThat(broken.exit()).as(broken.out()).isEqualTo(1);
        assertThat(broken.out()).contains("MISMATCH", "OVER THRESHOLD", "account_activity.payments_10m");
        JsonNode features = broken.json().get("pairs").get(0).get("features");
        long differing = 0;
        for (JsonNode feature : features) {
            long mismatched = feature.get("mismatched").asLong();
            assertThat(mismatched).as(feature.get("feature").asText()).isLessThanOrEqualTo(1);
            differing += mismatched;
            for (JsonNode example : feature.get("examples")) {
                assertThat(example.get("row").asText()).isEqualTo("account_activity/hot0@" + at);
            }
            assertThat(feature.get("missing").asLong() + feature.get("extra").asLong()).isZero();
        }
        assertThat(differing).isPositive();

        Run tolerated = check(1.0, 0.5, "tolerated");
        assertThat(tolerated.exit()).as(tolerated.out()).isZero();
        assertThat(tolerated.out()).contains("MISMATCH").doesNotContain("OVER THRESHOLD");
    }

    @Test
    void shouldCheckOnlyTheEntitiesItsSampleRatioPicksByKeyHash() {
        KeySample sample = new KeySample(0.3);
        long expected = entities.stream().filter(sample::includes).count();

        Run sampled = check(0.3, 0.0, "sampled");

        assertThat(expected).isBetween(1L, (long) entities.size() - 1);
        assertThat(sampled.out()).contains(expected + " entities sampled (ratio 0.3)");
    }

    /**
     * hot0's payments_10m at t counts its newest 5-minute tile; it gets the IRs of the account_activity
     * 5-minute tile (any entity, any index) whose event count differs most from its own. Where the tile
     * boundaries fall depends on the wall clock the burst starts at, so no particular entity or index is
     * sure to hold another count (hot0's newest tile may hold as few events as its neighbours' of that index).
     */
    private static void overwriteNewestFiveMinuteTileOfHot0() {
        RecomputedTile newest = tiles.stream()
                .filter(t -> t.group().equals("account_activity") && t.entity().equals("hot0") && t.hopMillis() == 300_000)
                .max((a, b) -> Long.compare(a.index(), b.index())).orElseThrow();
        RecomputedTile other = tiles.stream()
                .filter(t -> t.group().equals("account_activity") && t.hopMillis() == 300_000)
                .max((a, b) -> Long.compare(Math.abs(a.events() - newest.events()), Math.abs(b.events() - newest.events())))
                .filter(t -> t.events() != newest.events())
                .orElseThrow(() -> new IllegalStateException("every account_activity 5-minute tile counts "
                        + newest.events() + " events, like hot0's newest (" + newest.index() + ")"));
        try (RedisOnlineStore store = store()) {
            store.writeTiles(List.of(new TileWrite("account_activity", "hot0", newest.tileKey(), 1_000_000, other.irs())));
        }
    }
}
