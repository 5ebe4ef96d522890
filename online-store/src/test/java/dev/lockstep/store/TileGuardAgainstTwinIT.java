package dev.lockstep.store;

import static dev.lockstep.store.OnlineStoreContract.GROUP;
import static dev.lockstep.store.OnlineStoreContract.HOP_1D;
import static dev.lockstep.store.OnlineStoreContract.HOP_1H;
import static dev.lockstep.store.OnlineStoreContract.HOP_5M;
import static dev.lockstep.store.OnlineStoreContract.LAYOUTS;
import static dev.lockstep.store.OnlineStoreContract.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.testing.MutableClock;
import dev.lockstep.testing.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The Redis script's cleanup deletes expired tiles by index from a per-hop bound it keeps in the hash,
 * and walks the hash only when that bound is missing or too far behind; the in-memory twin simply
 * filters every tile. For any sequence of writes (tiles new and old, versions higher and lower, several
 * hops, some from a writer whose clock is behind), explicit cleanups and clock jumps, both must hold the
 * same tiles and report the same counts.
 */
class TileGuardAgainstTwinIT {

    private static final List<String> ENTITIES = List.of("a", "b");
    private static final long MAX_JUMP_MINUTES = 24 * 60;

    private static RedisServerProcess redis;
    private static RedisClient admin;
    private static StatefulRedisConnection<String, String> adminConnection;

    sealed interface Step permits Jump, Write, Cleanup {
    }

    /** Moves both stores' clock forward. */
    record Jump(long minutes) implements Step {
    }

    /**
     * Tiles relative to the tile holding the writer's time: (entity, hop, index offset, version). The
     * writer's clock may be behind the others' (a backfill started a while ago), by {@code behindMinutes}.
     */
    record Write(List<Tile> tiles, long behindMinutes) implements Step {
    }

    record Tile(String entity, long hop, long offset, long version) {
        TileWrite at(long nowMillis) {
            TileKey tile = new TileKey(hop, TileKey.containing(hop, nowMillis).index() + offset);
            return new TileWrite(GROUP, entity, tile, version, (entity + "@" + tile + "#" + version)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** removeExpiredTiles for one entity at the current time plus a shift (possibly into the past). */
    record Cleanup(String entity, long shiftMinutes) implements Step {
    }

    @BeforeContainer
    static void startRedis() {
        redis = RedisServerProcess.start();
        admin = RedisClient.create(redis.uri());
        adminConnection = admin.connect();
    }

    @AfterContainer
    static void stopRedis() {
        adminConnection.close();
        admin.shutdown();
        redis.close();
    }

    @Property(tries = 60)
    void redisKeepsTheSameTilesAsTheInMemoryTwin(@ForAll("steps") List<Step> steps) {
        adminConnection.sync().flushall();
        MutableClock clock = new MutableClock(START);
        try (OnlineStore real = RedisOnlineStore.connect(PatientRedis.config(redis.uri()), LAYOUTS, clock, null);
             OnlineStore twin = new InMemoryOnlineStore(LAYOUTS, clock)) {
            int n = 0;
            for (Step step : steps) {
                n++;
                if (step instanceof Jump jump) {
                    clock.advance(Duration.ofMinutes(jump.minutes()));
                } else if (step instanceof Write write) {
                    long now = clock.millis();
                    clock.set(now - Duration.ofMinutes(write.behindMinutes()).toMillis());
                    List<TileWrite> writes = write.tiles().stream().map(t -> t.at(clock.millis())).toList();
                    assertThat(real.writeTiles(writes)).as("step %d: %s", n, step).isEqualTo(twin.writeTiles(writes));
                    clock.set(now);
                } else if (step instanceof Cleanup cleanup) {
                    long at = clock.millis() + Duration.ofMinutes(cleanup.shiftMinutes()).toMillis();
                    assertThat(real.removeExpiredTiles(GROUP, cleanup.entity(), at)).as("step %d: %s", n, step)
                            .isEqualTo(twin.removeExpiredTiles(GROUP, cleanup.entity(), at));
                }
                assertThat(contents(real)).as("after step %d: %s", n, step).isEqualTo(contents(twin));
            }
        }
    }

    /** Every entity's tiles as (tile -> "version:ir"), comparable with equals. */
    private static Map<String, Map<TileKey, String>> contents(OnlineStore store) {
        return store.readTiles(GROUP, ENTITIES).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().tiles().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        t -> e.getValue().versions().get(t.getKey()) + ":"
                                + new String(t.getValue(), StandardCharsets.UTF_8)))));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> entity = Arbitraries.of(ENTITIES);
        // Index offsets reach past each hop's retention (2 h, 25 h, 31 d) and a little into the future.
        Arbitrary<Tile> tile = Arbitraries.oneOf(
                Combinators.combine(entity, Arbitraries.longs().between(-30, 2), Arbitraries.longs().between(1, 4))
                        .as((e, offset, version) -> new Tile(e, HOP_5M, offset, version)),
                Combinators.combine(entity, Arbitraries.longs().between(-28, 1), Arbitraries.longs().between(1, 4))
                        .as((e, offset, version) -> new Tile(e, HOP_1H, offset, version)),
                Combinators.combine(entity, Arbitraries.longs().between(-33, 0), Arbitraries.longs().between(1, 4))
                        .as((e, offset, version) -> new Tile(e, HOP_1D, offset, version)));
        Arbitrary<Long> behind = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0L)),
                Tuple.of(1, Arbitraries.longs().between(1, 180)));
        Arbitrary<Step> write = Combinators.combine(tile.list().ofMinSize(1).ofMaxSize(12), behind).as(Write::new);
        Arbitrary<Step> jump = Arbitraries.oneOf(Arbitraries.longs().between(0, 90),
                Arbitraries.longs().between(0, MAX_JUMP_MINUTES)).map(Jump::new);
        Arbitrary<Step> cleanup = Combinators.combine(entity, Arbitraries.longs().between(-300, 3000)).as(Cleanup::new);
        // At most 20 jumps of a day: the keys' 32-day TTL runs on Redis' own clock, not the test's.
        return Arbitraries.frequencyOf(
                        Tuple.of(5, write), Tuple.of(3, jump), Tuple.of(1, cleanup))
                .list().ofMinSize(1).ofMaxSize(20);
    }
}
