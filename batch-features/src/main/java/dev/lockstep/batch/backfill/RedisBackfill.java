package dev.lockstep.batch.backfill;

import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.Heartbeat;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.RedisStoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;

/**
 * Writes a recompute's (or an offline table's) backfillable tiles (closed and complete) to Redis through the online store,
 * each task over its own connection, in pipelined batches.
 *
 * <p>A tile's version is its event count: streaming versions a tile by its update counter (1 for the
 * first event folded, +1 per event), so a closed tile's final streaming version equals the number of
 * events in it. Batch therefore writes the same (version, bytes) pair streaming wrote: the store's
 * guard skips it where streaming got there first, writes it where the tile is missing (a rebuild), and
 * a backfill can never overwrite a tile with different data at the same version. Tiles already past
 * their hop's retention at the clock's time are skipped by the store.
 */
public final class RedisBackfill {

    /** Tiles per pipelined round, at least; a round ends between entities (see {@link WriteRounds}). */
    private static final int BATCH = 1_000;
    /** A round's bound when one entity has more tiles than that (a hot key over a long range). */
    private static final int MAX_BATCH = 8 * BATCH;
    /**
     * A backfill shares the machine with Spark's tasks and is not latency-critical: a pipelined round of
     * a thousand guarded writes may take far longer than serving's 1 s before it counts as Redis down.
     */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String redisUri;
    private final Clock clock;

    /**
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}; every executor must reach it
     * @param clock    the store's notion of now, for retention (serializable, as the JDK clocks are)
     */
    public RedisBackfill(String redisUri, Clock clock) {
        this.redisUri = redisUri;
        this.clock = clock;
    }

    /**
     * Writes the backfillable tiles, then publishes the range's end as each group's batch watermark.
     */
    public BackfillReport write(RecomputeResult result) {
        return write(result, result.spec().plan(result.sourceName()).groups().stream().map(GroupPlan::name)
                .collect(java.util.stream.Collectors.toSet()));
    }

    /**
     * Writes the backfillable tiles of the given groups, then (only once every tile is written) publishes
     * the range's end as their batch watermark: serving may then trust batch up to that time.
     */
    public BackfillReport write(RecomputeResult result, Set<String> groups) {
        return write(result.tiles(), result.spec(), result.sourceName(), result.range(), groups, incomplete(result));
    }

    /** Why a recompute's tiles may miss events whatever the range, if they may: bad archive files it skipped. */
    private static Optional<String> incomplete(RecomputeResult result) {
        int skipped = result.skippedFiles().size();
        return skipped == 0 ? Optional.empty()
                : Optional.of(skipped + " archive file(s) were skipped as bad, so tiles of this range may miss events");
    }

    /**
     * Writes the backfillable ones of {@code tiles} (closed and complete over {@code range}, e.g. an offline
     * table's) of the given groups of {@code source}, then publishes {@code range}'s end as their batch watermark,
     * unless {@code incomplete} says why the tiles may miss events whatever the range (an offline table's
     * {@code TableManifest.incompleteness()}). Each task writes its tiles in order, so an entity's tiles written
     * side by side go in one guarded call.
     */
    public BackfillReport write(JavaRDD<RecomputedTile> tiles, SpecHandle spec, String source, ArchiveRange range,
                                Set<String> groups, Optional<String> incomplete) {
        String uri = redisUri;
        Clock storeClock = clock;
        Set<String> wanted = Set.copyOf(groups);
        BackfillReport report = tiles
                .filter(tile -> tile.backfillable() && wanted.contains(tile.group()))
                .mapPartitions(part -> List.of(writePartition(uri, storeClock, layouts(spec, source), part)).iterator())
                .fold(BackfillReport.EMPTY, BackfillReport::plus);
        Map<String, Long> published = new TreeMap<>();
        Map<String, String> withheld = new TreeMap<>();
        try (OnlineStore store = connect(uri, layouts(spec, source), clock)) {
            watermarkDecisions(store, spec, source, range, wanted, incomplete).forEach((group, why) -> {
                if (why.isEmpty()) {
                    // Not stored when the group's watermark is already later (it never moves back): that one stands.
                    published.put(group, store.publishBatchWatermark(group, range.toMillis(), clock.millis())
                            ? range.toMillis() : store.batchWatermark(group).orElseThrow().watermarkMillis());
                } else {
                    withheld.put(group, why.get());
                }
            });
        }
        return report.withWatermarks(published, withheld);
    }

    /**
     * For each of the groups, why its batch watermark may not move to the range's end (empty: it may). The watermark
     * claims every tile closed before it is in Redis, so it moves only over a range that starts at or before it (a
     * range starting later leaves the tiles in between unwritten), and only when no input was skipped. A group
     * without a watermark takes the range's end: its history starts where the operator chose.
     */
    public Map<String, Optional<String>> watermarkDecisions(SpecHandle spec, String source, ArchiveRange range,
                                                          Set<String> groups, Optional<String> incomplete) {
        try (OnlineStore store = connect(redisUri, layouts(spec, source), clock)) {
            return watermarkDecisions(store, spec, source, range, groups, incomplete);
        }
    }

    /** As above for a recompute's tiles, whose skipped files (if any) hold every group's watermark back. */
    public Map<String, Optional<String>> watermarkDecisions(RecomputeResult result, Set<String> groups) {
        try (OnlineStore store = connect(redisUri, layouts(result.spec(), result.sourceName()), clock)) {
            return watermarkDecisions(store, result.spec(), result.sourceName(), result.range(), groups,
                    incomplete(result));
        }
    }

    private static Map<String, Optional<String>> watermarkDecisions(OnlineStore store, SpecHandle spec, String source,
            ArchiveRange range, Set<String> groups, Optional<String> incomplete) {
        Map<String, Optional<String>> decisions = new TreeMap<>();
        for (GroupPlan group : spec.plan(source).groups()) {
            if (!groups.contains(group.name())) {
                continue;
            }
            if (incomplete.isPresent()) {
                decisions.put(group.name(), incomplete);
                continue;
            }
            Optional<Long> current = store.batchWatermark(group.name()).map(Heartbeat::watermarkMillis);
            if (current.isPresent() && range.fromMillis() > current.get()) {
                decisions.put(group.name(), Optional.of("the range starts at " + Instant.ofEpochMilli(range.fromMillis())
                        + ", after the group's batch watermark " + Instant.ofEpochMilli(current.get())
                        + ": the tiles in between were not written; backfill from the watermark (--incremental does)"));
            } else {
                decisions.put(group.name(), Optional.empty());
            }
        }
        return decisions;
    }

    /** The store layouts of the source's groups, taken from the engine as the store requires. */
    public static List<GroupLayout> layouts(SpecHandle spec, String source) {
        return spec.plan(source).groups().stream()
                .map(GroupLayout::of)
                .toList();
    }

    private static OnlineStore connect(String uri, List<GroupLayout> layouts, Clock clock) {
        return RedisOnlineStore.connect(RedisStoreConfig.of(uri).withCommandTimeout(COMMAND_TIMEOUT), layouts, clock, null);
    }

    private static BackfillReport writePartition(String uri, Clock clock, List<GroupLayout> layouts,
                                                 Iterator<RecomputedTile> tiles) {
        BackfillReport report = BackfillReport.EMPTY;
        if (!tiles.hasNext()) {
            return report; // no connection for an empty task
        }
        try (OnlineStore store = connect(uri, layouts, clock)) {
            WriteRounds rounds = new WriteRounds(tiles, BATCH, MAX_BATCH);
            while (rounds.hasNext()) {
                report = report.plus(BackfillReport.of(store.writeTiles(rounds.next())));
            }
        }
        return report;
    }
}
