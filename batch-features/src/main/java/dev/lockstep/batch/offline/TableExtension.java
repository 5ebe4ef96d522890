package dev.lockstep.batch.offline;

import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.tile.TileKey;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Extends an offline tile table by the recompute of the arrival range that follows it: the tiles of
 * {@code [from, to)} and of {@code [to, next)} make the tiles of {@code [from, next)}, equal byte for byte to
 * recomputing the whole range at once, so a scheduled job recomputes only its new range.
 *
 * <p>Why merging is exact: a recompute folds the accepted, deduplicated events that arrived in its range
 * (copies that arrived before it, within lateness plus skew, are read to lose the dedup but never folded),
 * so two adjoining runs fold disjoint sets of events whose union is the whole range's. The engine's tile
 * merge is associative, commutative and exact (feature-definitions' {@code MergeProperties}), so merging
 * the two runs' tiles gives the whole range's bytes, and their event counts add. Flags are judged again for
 * the extended range: {@code closed} at its new end, {@code complete} from its unchanged start.
 *
 * <p>A tile closed at the table's end cannot take an event of the next range; the run finding one means the
 * table or the run does not match the spec (another spec, or the archive changed), and the extension fails.
 */
public final class TableExtension {

    /**
     * The extended table: the tiles of the days the extension rewrites (merged and judged anew), the days it
     * keeps as they are, and the manifest.
     */
    public static final class Extended {
        private final JavaRDD<RecomputedTile> rewritten;
        private final KeptPartitions kept;
        private final TableManifest manifest;

        Extended(JavaRDD<RecomputedTile> rewritten, KeptPartitions kept, TableManifest manifest) {
            this.rewritten = rewritten;
            this.kept = kept;
            this.manifest = manifest;
        }

        /** The tiles of the rewritten days only; {@link #writeTo} adds the kept days. */
        public JavaRDD<RecomputedTile> rewrittenTiles() {
            return rewritten;
        }

        public TableManifest manifest() {
            return manifest;
        }

        /**
         * Writes the extended table as a new table: the rewritten days through Spark, then the kept days'
         * files carried over from the previous table, then the manifest.
         *
         * @return how many day partitions were kept as they were
         */
        public int writeTo(OfflineTileTable target) {
            return target.write(rewritten, manifest, kept::carryInto);
        }
    }

    private static final String EARLIER = "t_";
    private static final String LATER = "r_";

    private TableExtension() {
    }

    private static Dataset<Row> prefixed(Dataset<Row> rows, String prefix) {
        return rows.select(Arrays.stream(rows.columns()).map(column -> functions.col(column).as(prefix + column))
                .toArray(Column[]::new));
    }

    /**
     * @param table a table with a manifest
     * @param run   the tiles of the range that starts where the table's ends, for the table's groups
     * @throws OfflineOutputException if the table has no manifest, the run does not adjoin it or covers other
     *                                groups, or the spec plans the table's groups in other tile formats
     */
    public static Extended extend(OfflineTileTable table, JavaRDD<RecomputedTile> run, TableManifest runManifest,
            SpecHandle spec) {
        TableManifest manifest = check(table.path(), runManifest, spec);
        TableManifest extended = manifest.extendedBy(runManifest);
        Map<String, String> sourceOfGroup = sourcesOf(spec, manifest);
        Map<String, String> firstRewrittenDay = firstRewrittenDays(spec, sourceOfGroup, manifest.to().toEpochMilli());
        TileMerge merge = new TileMerge(spec, sourceOfGroup, extended.range(), table.path(), firstRewrittenDay);
        // A join of rows (Spark SQL's binary rows), not of tile objects: Java-serializing millions of them was
        // most of an extension's time.
        Dataset<Row> earlier = prefixed(table.rowsFrom(firstRewrittenDay), EARLIER);
        Dataset<Row> later = prefixed(table.asRows(run), LATER);
        Column sameTile = functions.lit(true);
        for (String key : List.of(OfflineTileTable.GROUP, "entity", "hop_millis", "tile_index")) {
            sameTile = sameTile.and(functions.col(EARLIER + key).equalTo(functions.col(LATER + key)));
        }
        JavaRDD<RecomputedTile> tiles = earlier.join(later, sameTile, "full_outer").javaRDD()
                .mapPartitions(merge::mergedAll);
        return new Extended(tiles, new KeptPartitions(table.path(), firstRewrittenDay), extended);
    }

    /**
     * Checks, before any Spark work, that the run of {@code runManifest}, recomputed with {@code spec}, extends
     * {@code table}.
     *
     * @return the table's manifest
     * @throws OfflineOutputException if the table has no manifest, the run does not adjoin it or covers other
     *                                groups, or the spec plans the table's groups in other tile formats
     */
    public static TableManifest check(String table, TableManifest runManifest, SpecHandle spec) {
        if (!TableManifest.tableExists(table)) {
            throw new OfflineOutputException("there is no table at " + table + " to extend; a table's first range is"
                    + " recomputed without extending", null);
        }
        TableManifest manifest = TableManifest.requireOf(table, "extended");
        if (!runManifest.from().equals(manifest.to())) {
            throw new OfflineOutputException("table " + table + " holds arrivals in [" + manifest.from() + ", "
                    + manifest.to() + "), so it extends only by a run from " + manifest.to() + "; this run is ["
                    + runManifest.from() + ", " + runManifest.to() + ")", null);
        }
        if (!runManifest.groups().equals(manifest.groups())) {
            throw new OfflineOutputException("table " + table + " holds groups " + manifest.groups()
                    + ", so the run must recompute exactly those; it has " + runManifest.groups(), null);
        }
        manifest.checkTileFormats(spec, table);
        return manifest;
    }

    /**
     * Per group, the first day (UTC, {@code yyyy-MM-dd}, as the table files tiles) whose tiles an extension of a
     * table ending at {@code tableEnd} can change; the days before it are kept as they are.
     *
     * <p>Why: a tile starting before {@code tableEnd - lateness - longest hop} ends before {@code tableEnd -
     * lateness}, so it was closed at the table's end (its flags cannot change: {@code complete} depends on the
     * unchanged start), and no event of the run falls in it (an accepted event's time is at least its arrival
     * minus the lateness, and the run's arrivals are at least {@code tableEnd}). Every tile of a day before that
     * instant's day starts before it.
     */
    static Map<String, String> firstRewrittenDays(SpecHandle spec, Map<String, String> sourceOfGroup, long tableEnd) {
        Map<String, String> days = new HashMap<>();
        sourceOfGroup.forEach((group, source) -> {
            SourcePlan plan = spec.plan(source);
            long longestHop = Arrays.stream(plan.group(group).hops()).max().orElseThrow();
            long unchangedBefore = tableEnd - plan.source().allowedLateness().toMillis() - longestHop;
            days.put(group, OfflineTileTable.dayOf(unchangedBefore));
        });
        return days;
    }

    /** The table's groups with their sources; {@link #check} has made sure the spec defines them all. */
    private static Map<String, String> sourcesOf(SpecHandle spec, TableManifest manifest) {
        Map<String, String> sources = new HashMap<>(spec.sourceOfGroups());
        sources.keySet().retainAll(manifest.groups());
        return sources;
    }

    /** Merges a tile's two parts and judges its flags for the extended range; runs on the executors. */
    private record TileMerge(SpecHandle spec, Map<String, String> sourceOfGroup, ArchiveRange range, String table,
                             Map<String, String> firstRewrittenDay) implements Serializable {

        /** Merges a task's joined tiles, looking each group's plan up once per task. */
        Iterator<RecomputedTile> mergedAll(Iterator<Row> joined) {
            Map<String, SourcePlan> plans = new HashMap<>();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return joined.hasNext();
                }

                @Override
                public RecomputedTile next() {
                    Row row = joined.next();
                    return merged(OfflineTileTable.fromRow(row, EARLIER), OfflineTileTable.fromRow(row, LATER), plans);
                }
            };
        }

        /** Merges a tile's parts: {@code earlier} from the table, {@code later} from the run; either may be null. */
        private RecomputedTile merged(RecomputedTile earlier, RecomputedTile later, Map<String, SourcePlan> plans) {
            RecomputedTile any = earlier != null ? earlier : later;
            SourcePlan source = plans.computeIfAbsent(any.group(), group -> spec.plan(sourceOfGroup.get(group)));
            GroupPlan plan = source.group(any.group());
            TileKey key = any.tileKey();
            byte[] irs;
            long events;
            if (earlier != null && later != null) {
                if (earlier.closed()) {
                    throw new OfflineOutputException("tile " + earlier + " of table " + table + " is closed at "
                            + "the table's end, yet the run folded " + later.events() + " events into it: the table"
                            + " and the run were not computed from the same spec and archive", null);
                }
                Object[] merged = plan.decode(key, earlier.irs());
                plan.merge(key, merged, plan.decode(key, later.irs()));
                irs = plan.encode(key, merged);
                events = earlier.events() + later.events();
            } else {
                if (later != null && OfflineTileTable.dayOf(any).compareTo(firstRewrittenDay.get(any.group())) < 0) {
                    // Its day is kept as it is, so writing it too would hold the tile twice.
                    throw new OfflineOutputException("the run folded events into tile " + any + " of a day the extension"
                            + " of table " + table + " keeps as it is (days before " + firstRewrittenDay.get(any.group())
                            + "): no accepted event that arrived after the table's end can fall there", null);
                }
                irs = any.irs();
                events = any.events();
            }
            long skew = source.source().maxFutureSkew().toMillis();
            return new RecomputedTile(any.group(), any.entity(), any.hopMillis(), any.index(), irs, events,
                    plan.isClosed(key, range.toMillis()), range.missesNoEventFrom(key.startMillis(), skew));
        }
    }
}
