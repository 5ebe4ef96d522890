package dev.lockstep.batch.recompute;

import dev.lockstep.batch.recompute.internal.EventRow;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.tile.Hop;
import dev.lockstep.features.tile.TileKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.sketch.BloomFilter;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Point-in-time feature values for labels: for a label at t, the group's tiles closed at t (final, as
 * recomputed) plus tiles folded from the events that arrived by t in tiles still open at t, read with
 * {@link WindowRead}. So a training row sees exactly what serving would have seen at t, and nothing that
 * arrived later (no leakage).
 *
 * <p>The closed tiles come from a recompute of a range holding every label, or from an offline tile table;
 * then only the arrivals shortly before the labels are recomputed ({@link #lookBackRange}), for the tiles open
 * at each label and, for labels after the table's end, the tiles still open at that end. Both give the same
 * rows. The earlier the tiles' range starts, the longer the windows that are complete (see
 * {@link TrainingRow#complete()}).
 */
public final class TrainingSet {

    private TrainingSet() {
    }

    /** One row per label, for one feature group of the recomputed source; label times must lie in its range. */
    public static JavaRDD<TrainingRow> build(RecomputeResult recompute, String group, JavaRDD<Label> labels) {
        return build(recompute.tiles(), recompute.range(), recompute, group, labels);
    }

    /**
     * One row per label, for one feature group: from {@code tiles} (an offline table's) those closed both at the
     * label's time and at the end of {@code tilesRange}, the others folded from {@code lookBack}'s events. The rows
     * equal those of {@link #build(RecomputeResult, String, JavaRDD)} with a recompute from the start of
     * {@code tilesRange} to after the labels.
     *
     * @param tiles      the group's tiles recomputed from the arrivals in {@code tilesRange} (other groups' are ignored)
     * @param tilesRange the arrivals the tiles hold, as far as they were complete: label times must not lie before it
     * @param lookBack   a recompute of the tiles' source whose range holds, for every label at t, the arrivals from
     *                   {@link OpenTileReach#earliestArrival} at {@code min(t, end of tilesRange)} (not before the tiles'
     *                   range) to t (see {@link #lookBackRange})
     */
    public static JavaRDD<TrainingRow> build(JavaRDD<RecomputedTile> tiles, ArchiveRange tilesRange, RecomputeResult lookBack,
                                             String group, JavaRDD<Label> labels) {
        SpecHandle spec = lookBack.spec();
        String source = lookBack.sourceName();
        ArchiveRange eventsRange = lookBack.range();
        spec.plan(source).group(group); // fail fast on an unknown group
        long skew = spec.plan(source).source().maxFutureSkew().toMillis();
        // Most entities have no label: their tiles and events are dropped before the cogroup shuffles them, by a
        // Bloom filter of the labels' entities (a false positive costs a shuffled record, never a wrong row).
        Broadcast<BloomFilter> labelled = labelledEntities(labels);
        var closedTiles = tiles.filter(t -> t.group().equals(group) && t.closed() && labelled.value().mightContainString(t.entity()))
                .mapToPair(t -> new Tuple2<>(t.entity(), t));
        // Events that arrived before the tiles' range are not in their tiles either: left out alike.
        var events = lookBack.survivors().filter(e -> e.arrival() >= tilesRange.fromMillis()
                        && labelled.value().mightContainString(e.entityKey()))
                .mapToPair(e -> new Tuple2<>(e.entityKey(), e));
        return labels.mapToPair(l -> new Tuple2<>(l.entity(), l))
                .cogroup(closedTiles, events)
                .flatMap(entity -> {
                    Tuple3<Iterable<Label>, Iterable<RecomputedTile>, Iterable<EventRow>> parts = entity._2();
                    SourcePlan sourcePlan = spec.plan(source);
                    GroupPlan plan = sourcePlan.group(group);
                    List<RecomputedTile> closed = new ArrayList<>();
                    parts._2().forEach(closed::add);
                    List<EventRow> rows = new ArrayList<>();
                    parts._3().forEach(rows::add);
                    List<TrainingRow> out = new ArrayList<>();
                    for (Label label : parts._1()) {
                        checkCovered(label, tilesRange, eventsRange, OpenTileReach.earliestArrival(sourcePlan.source(), plan,
                                Math.min(label.timeMillis(), tilesRange.toMillis())));
                        out.add(row(plan, tilesRange, skew, label, closed, rows));
                    }
                    return out.iterator();
                });
    }

    /** A Bloom filter of the labels' entities, for the executors (about 1.2 bytes per label at 1% false positives). */
    private static Broadcast<BloomFilter> labelledEntities(JavaRDD<Label> labels) {
        long count = labels.count();
        BloomFilter filter = labels.aggregate(BloomFilter.create(Math.max(1, count), 0.01), (bloom, label) -> {
            bloom.putString(label.entity());
            return bloom;
        }, BloomFilter::mergeInPlace);
        return JavaSparkContext.fromSparkContext(labels.context()).broadcast(filter);
    }

    /**
     * When the look-back of labels from {@code firstLabel} to {@code lastLabel} (inclusive) must start: the
     * {@link OpenTileReach#earliestArrival} of the groups read, at the first label or at the tiles' end if that
     * is earlier (labels after it read the tiles still open there from the look-back too).
     */
    public static long lookBackAt(ArchiveRange tilesRange, long firstLabel) {
        return Math.min(firstLabel, tilesRange.toMillis());
    }

    /**
     * The arrivals a look-back recompute must read for labels up to {@code lastLabel}, so that
     * {@link #build(JavaRDD, ArchiveRange, RecomputeResult, String, JavaRDD)} sees every event of every tile it
     * folds: from {@code earliestArrival} (the {@link OpenTileReach#earliestArrival} at {@link #lookBackAt}, the
     * earliest of the groups read; not before the tiles' range) to just after the last label.
     */
    public static ArchiveRange lookBackRange(ArchiveRange tilesRange, long earliestArrival, long firstLabel, long lastLabel) {
        if (firstLabel < tilesRange.fromMillis()) {
            throw new IllegalArgumentException("labels from " + Instant.ofEpochMilli(firstLabel) + " start before the"
                    + " tiles' arrival range " + describe(tilesRange));
        }
        return new ArchiveRange(Math.max(tilesRange.fromMillis(), earliestArrival), lastLabel + 1);
    }

    /** Fails unless the label is not before the tiles' range and the look-back holds the events it folds. */
    private static void checkCovered(Label label, ArchiveRange tilesRange, ArchiveRange eventsRange, long earliestArrival) {
        long t = label.timeMillis();
        if (t < tilesRange.fromMillis() || t >= eventsRange.toMillis()) {
            throw new IllegalArgumentException("label " + label + " is outside the recompute's arrival range ["
                    + Instant.ofEpochMilli(tilesRange.fromMillis()) + ", " + Instant.ofEpochMilli(eventsRange.toMillis())
                    + "): its features are not known there");
        }
        long needFrom = Math.max(tilesRange.fromMillis(), earliestArrival);
        if (needFrom < eventsRange.fromMillis()) {
            throw new IllegalArgumentException("label " + label + " needs the events that arrived in ["
                    + Instant.ofEpochMilli(needFrom) + ", " + Instant.ofEpochMilli(t) + "] for the tiles it folds, but the"
                    + " look-back recompute read " + describe(eventsRange));
        }
    }

    private static String describe(ArchiveRange range) {
        return "[" + Instant.ofEpochMilli(range.fromMillis()) + ", " + Instant.ofEpochMilli(range.toMillis()) + ")";
    }

    private static TrainingRow row(GroupPlan plan, ArchiveRange range, long skew, Label label, List<RecomputedTile> closed,
                                   List<EventRow> events) {
        long t = label.timeMillis();
        // A recomputed tile is final at t if it is closed at t and at the end of what was recomputed: for a label
        // after a table's end, the tiles still open at that end are folded from the events like the open ones.
        long finalAt = Math.min(t, range.toMillis());
        Map<TileKey, byte[]> tiles = new HashMap<>();
        for (RecomputedTile tile : closed) {
            if (plan.isClosed(tile.tileKey(), finalAt)) {
                tiles.put(tile.tileKey(), tile.irs());
            }
        }
        TileFolder head = new TileFolder(plan);
        for (EventRow row : events) {
            // An event only in final tiles is already in them.
            if (row.arrival() <= t && plan.tilesFor(row.eventTime()).stream().anyMatch(tile -> !plan.isClosed(tile, finalAt))) {
                head.add(row.toAccepted());
            }
        }
        head.encodedTiles().forEach((tile, bytes) -> {
            if (!plan.isClosed(tile, finalAt)) {
                tiles.put(tile, bytes);
            }
        });
        return new TrainingRow(label, WindowRead.at(plan, t, tiles), complete(plan, range, skew, t));
    }

    /** Whether the oldest tile any feature reads at t starts late enough that all its events are in range. */
    private static boolean complete(GroupPlan plan, ArchiveRange range, long skew, long t) {
        return range.missesNoEventFrom(Collections.min(oldestTilesRead(plan, t).values()), skew);
    }

    /**
     * Per hop of the group, the start of the oldest tile of that hop a feature reads at t: the window's tail
     * quantized down to its hop. The tiles of a label at t are those from there to t.
     */
    public static SortedMap<Long, Long> oldestTilesRead(GroupPlan plan, long t) {
        SortedMap<Long, Long> oldest = new TreeMap<>();
        for (FeatureDefinition feature : plan.features()) {
            long hop = Hop.forWindow(feature.window());
            oldest.merge(hop, Math.floorDiv(t - feature.window().toMillis(), hop) * hop, Math::min);
        }
        return oldest;
    }
}
