package dev.lockstep.batch.recompute;

import dev.lockstep.batch.recompute.internal.EventRow;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.tile.Hop;
import dev.lockstep.features.tile.TileKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Point-in-time feature values for labels, from a recompute: for a label at t, the group's tiles closed
 * at t (final, as recomputed) plus tiles folded from the events that arrived by t in tiles still open
 * at t, read with {@link WindowRead}. So a training row sees exactly what serving would have seen at t,
 * and nothing that arrived later (no leakage).
 *
 * <p>Label times must lie in the recompute's range: its end bounds what is known, and the earlier its
 * start, the longer the windows that are complete (see {@link TrainingRow#complete()}).
 */
public final class TrainingSet {

    private TrainingSet() {
    }

    /** One row per label, for one feature group of the recomputed source. */
    public static JavaRDD<TrainingRow> build(RecomputeResult recompute, String group, JavaRDD<Label> labels) {
        SpecHandle spec = recompute.spec();
        String source = recompute.sourceName();
        ArchiveRange range = recompute.range();
        recompute.spec().plan(source).group(group); // fail fast on an unknown group
        long skew = spec.plan(source).source().maxFutureSkew().toMillis();
        var closedTiles = recompute.tiles().filter(t -> t.group().equals(group) && t.closed())
                .mapToPair(t -> new Tuple2<>(t.entity(), t));
        var events = recompute.survivors().mapToPair(e -> new Tuple2<>(e.entityKey(), e));
        return labels.mapToPair(l -> new Tuple2<>(l.entity(), l))
                .cogroup(closedTiles, events)
                .flatMap(entity -> {
                    Tuple3<Iterable<Label>, Iterable<RecomputedTile>, Iterable<EventRow>> parts = entity._2();
                    GroupPlan plan = spec.plan(source).group(group);
                    List<RecomputedTile> tiles = new ArrayList<>();
                    parts._2().forEach(tiles::add);
                    List<EventRow> rows = new ArrayList<>();
                    parts._3().forEach(rows::add);
                    List<TrainingRow> out = new ArrayList<>();
                    for (Label label : parts._1()) {
                        out.add(row(plan, range, skew, label, tiles, rows));
                    }
                    return out.iterator();
                });
    }

    private static TrainingRow row(GroupPlan plan, ArchiveRange range, long skew, Label label, List<RecomputedTile> closed,
                                   List<EventRow> events) {
        long t = label.timeMillis();
        if (!range.contains(t)) {
            throw new IllegalArgumentException("label " + label + " is outside the recompute's arrival range ["
                    + range.fromMillis() + ", " + range.toMillis() + "): its features are not known there");
        }
        Map<TileKey, byte[]> tiles = new HashMap<>();
        for (RecomputedTile tile : closed) {
            if (plan.isClosed(tile.tileKey(), t)) {
                tiles.put(tile.tileKey(), tile.irs());
            }
        }
        TileFolder head = new TileFolder(plan);
        for (EventRow row : events) {
            // An event only in tiles closed at t is already in those recomputed tiles.
            if (row.arrival() <= t && plan.tilesFor(row.eventTime()).stream().anyMatch(tile -> !plan.isClosed(tile, t))) {
                head.add(row.toAccepted());
            }
        }
        head.encodedTiles().forEach((tile, bytes) -> {
            if (!plan.isClosed(tile, t)) {
                tiles.put(tile, bytes);
            }
        });
        return new TrainingRow(label, WindowRead.at(plan, t, tiles), complete(plan, range, skew, t));
    }

    /** Whether the oldest tile any feature reads at t starts late enough that all its events are in range. */
    private static boolean complete(GroupPlan plan, ArchiveRange range, long skew, long t) {
        for (FeatureDefinition feature : plan.features()) {
            long hop = Hop.forWindow(feature.window());
            long tail = Math.floorDiv(t - feature.window().toMillis(), hop) * hop;
            if (!range.missesNoEventFrom(tail, skew)) {
                return false;
            }
        }
        return true;
    }
}
