package dev.lockstep.parity.check;

import dev.lockstep.batch.recompute.Label;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.TrainingRow;
import dev.lockstep.batch.recompute.TrainingSet;
import dev.lockstep.parity.report.RowKey;
import dev.lockstep.parity.report.SideValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;

/** What batch computes at given times: point-in-time training rows of a recompute (the offline values). */
public final class RecomputedValues {

    private RecomputedValues() {
    }

    /** The entities of a group that have at least one recomputed tile, i.e. at least one accepted event. */
    public static Set<String> entities(RecomputeResult recompute, String group) {
        return new TreeSet<>(recompute.tiles().filter(t -> t.group().equals(group)).map(RecomputedTile::entity)
                .distinct().collect());
    }

    /** Adds one row per (entity, time) to {@code into}, read from training rows built for those labels. */
    public static void read(JavaSparkContext jsc, RecomputeResult recompute, String group, Collection<String> entities,
                            Collection<Long> times, SideValues into) {
        List<Label> labels = new ArrayList<>();
        for (String entity : entities) {
            for (long t : times) {
                labels.add(new Label(entity, t, 0.0));
            }
        }
        if (labels.isEmpty()) {
            return;
        }
        for (TrainingRow row : TrainingSet.build(recompute, group, jsc.parallelize(labels)).collect()) {
            into.put(new RowKey(row.label().timeMillis(), group, row.label().entity()), row.features());
        }
    }
}
