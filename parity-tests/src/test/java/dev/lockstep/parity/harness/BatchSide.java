package dev.lockstep.parity.harness;

import dev.lockstep.batch.backfill.BackfillReport;
import dev.lockstep.batch.backfill.RedisBackfill;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.Rejection;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.parity.check.RecomputedValues;
import dev.lockstep.parity.report.SideValues;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The batch path over an archive: recompute from the epoch, then point-in-time training rows and rejections. */
public final class BatchSide {

    private final RecomputeResult recompute;
    private final JavaSparkContext jsc;

    public BatchSide(SparkSession spark, String archiveDirectory, long lastReadTime) {
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.recompute = new TileRecompute(spark, ParitySpec.HANDLE, ParitySpec.SOURCE)
                .run(archiveDirectory, new ArchiveRange(0, lastReadTime + 1), 2);
    }

    /** Training rows for every entity at every time, for every group of the source. */
    public SideValues trainingRows(String name, List<String> groups, Collection<String> entities, Collection<Long> times) {
        SideValues side = new SideValues(name);
        for (String group : groups) {
            RecomputedValues.read(jsc, recompute, group, entities, times, side);
        }
        return side;
    }

    /** Rejections by position ({@code topic/partition@offset}) to reason code. */
    public Map<String, String> rejections() {
        Map<String, String> out = new TreeMap<>();
        for (Rejection r : recompute.rejections().collect()) {
            if (out.put(r.topic() + "/" + r.partition() + "@" + r.offset(), r.reason().name()) != null) {
                throw new IllegalStateException("batch rejected " + r + " twice");
            }
        }
        return out;
    }

    public long duplicates() {
        return recompute.duplicates();
    }

    /** Backfills the recomputed tiles (every tile is closed by the last read time) into the Redis at {@code uri}. */
    public BackfillReport backfill(String uri) {
        return new RedisBackfill(uri, Clock.systemUTC()).write(recompute);
    }
}
