package dev.lockstep.store;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.MutableClock;
import dev.lockstep.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a streaming write costs Redis for a sparse entity (docs/benchmarks.md, "Online store"): cards of
 * the example group {@code card_txn} with one payment an hour. Each payment opens a 5-minute and an hour
 * tile, so every write adds fields to the card's hash and triggers the guard's cleanup of expired tiles.
 *
 * <ol>
 *   <li>Fill: each card gets the tiles a month of hourly payments leaves live, in one call per card (as a
 *       backfill writes them).</li>
 *   <li>Measured, sparse: {@code bench.hours} more hours, one payment per card per hour, one pipelined
 *       {@code writeTiles} per hour for all cards: every call adds tiles and cleans up.</li>
 *   <li>Baseline, same run: as many calls that only update the cards' current tiles (higher versions, no
 *       new field, so no cleanup): the guard's cost without the cleanup.</li>
 * </ol>
 *
 * <p>Redis' own time per script call comes from {@code INFO commandstats} ({@code cmdstat_evalsha}),
 * reset before each phase, so the numbers are Redis CPU, not client or network time. A {@code main}, not a
 * test: {@code -Dbench.cards=2000 -Dbench.hours=24}, and {@code -Dbench.hash-max-listpack-entries=N} to set
 * that Redis option (the hash encoding) before the fill.
 */
public final class TileGuardCostBenchmark {

    private static final Pattern EVALSHA = Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=(\\d+)");

    private TileGuardCostBenchmark() {
    }

    public static void main(String[] args) {
        int cards = Integer.getInteger("bench.cards", 2_000);
        int hours = Integer.getInteger("bench.hours", 24);
        GroupPlan plan = SourcePlan.compileAll(FeatureSpecLoader.loadResource("examples/fraud/features.yaml")).stream()
                .flatMap(source -> source.groups().stream()).filter(g -> g.name().equals("card_txn")).findFirst()
                .orElseThrow();
        GroupLayout layout = GroupLayout.of(plan);
        Instant start = Instant.parse("2026-01-31T00:00:00Z");
        MutableClock clock = new MutableClock(start);
        byte[] ir = new byte[48];
        Arrays.fill(ir, (byte) 7);
        try (RedisServerProcess redis = RedisServerProcess.start();
             OnlineStore store = RedisOnlineStore.connect(PatientRedis.config(redis.uri()), List.of(layout), clock, null)) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> admin = connection.sync();
                String listpackEntries = System.getProperty("bench.hash-max-listpack-entries");
                if (listpackEntries != null) {
                    admin.configSet("hash-max-listpack-entries", listpackEntries);
                }
                System.out.printf("redis hash-max-listpack-entries %s%n",
                        admin.configGet("hash-max-listpack-entries").get("hash-max-listpack-entries"));
                List<TileWrite> fill = new ArrayList<>();
                for (int card = 0; card < cards; card++) {
                    for (int hour = -31 * 24; hour < 0; hour++) {
                        long at = payment(start, card, hour);
                        for (long hop : plan.hops()) {
                            fill.add(new TileWrite(plan.name(), "card-" + card, TileKey.containing(hop, at), hour + 10_000, ir));
                        }
                    }
                    if (fill.size() > 20_000 || card == cards - 1) {
                        // Versions grow with the hour, so each tile keeps its last payment's write.
                        store.writeTiles(fill);
                        fill.clear();
                    }
                }
                System.out.printf("filled %d cards: %s fields in card-0's hash, encoded as %s, %s bytes of Redis memory"
                                + " (MEMORY USAGE); hops %s, retention %s%n",
                        cards, admin.hlen("ls:v1:{card_txn:card-0}"), admin.objectEncoding("ls:v1:{card_txn:card-0}"),
                        admin.memoryUsage("ls:v1:{card_txn:card-0}"), Arrays.toString(plan.hops()),
                        layout.retentionByHopMillis());

                long[] sparse = phase(admin, () -> {
                    for (int hour = 0; hour < hours; hour++) {
                        clock.set(start.plus(Duration.ofHours(hour + 1)).toEpochMilli() - 1_000);
                        store.writeTiles(payments(plan, cards, start, hour, ir, hour + 20_000));
                    }
                });
                System.out.printf("after: %s fields in card-0's hash%n", admin.hlen("ls:v1:{card_txn:card-0}"));
                long[] updates = phase(admin, () -> {
                    for (int round = 0; round < hours; round++) {
                        store.writeTiles(payments(plan, cards, start, hours - 1, ir, round + 30_000));
                    }
                });
                double sparseUs = (double) sparse[1] / sparse[0];
                double updateUs = (double) updates[1] / updates[0];
                System.out.printf("RESULT sparse writes (each adds tiles, cleanup): %d calls, %.1f us of Redis per call,"
                        + " %.0f calls/s%n", sparse[0], sparseUs, sparse[0] / (sparse[2] / 1e9));
                System.out.printf("RESULT baseline, updates only (no cleanup): %d calls, %.1f us of Redis per call,"
                        + " %.0f calls/s%n", updates[0], updateUs, updates[0] / (updates[2] / 1e9));
                System.out.printf("RESULT ratio sparse / update: %.2f%n", sparseUs / updateUs);
            } finally {
                client.shutdown();
            }
        }
    }

    /** The tiles of one payment per card in the given hour of the measured day, with one version. */
    private static List<TileWrite> payments(GroupPlan plan, int cards, Instant start, int hour, byte[] ir, long version) {
        List<TileWrite> writes = new ArrayList<>(cards * plan.hops().length);
        for (int card = 0; card < cards; card++) {
            long at = payment(start, card, hour);
            for (long hop : plan.hops()) {
                writes.add(new TileWrite(plan.name(), "card-" + card, TileKey.containing(hop, at), version, ir));
            }
        }
        return writes;
    }

    /** Card {@code card}'s payment in hour {@code hour} after {@code start}, at a minute of its own. */
    private static long payment(Instant start, int card, int hour) {
        return start.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(card % 60)).toEpochMilli();
    }

    /** Runs a phase; returns {script calls, Redis usec in them, wall nanos}. */
    private static long[] phase(RedisCommands<String, String> admin, Runnable work) {
        admin.configResetstat();
        long begin = System.nanoTime();
        work.run();
        long wall = System.nanoTime() - begin;
        Matcher stats = EVALSHA.matcher(admin.info("commandstats"));
        if (!stats.find()) {
            throw new IllegalStateException("no EVALSHA in INFO commandstats");
        }
        return new long[] {Long.parseLong(stats.group(1)), Long.parseLong(stats.group(2)), wall};
    }
}
