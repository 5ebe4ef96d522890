package dev.lockstep.batch.cli;

import dev.lockstep.batch.backfill.BackfillReport;
import dev.lockstep.batch.backfill.RedisBackfill;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.RedisOnlineStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code backfill}: writes a range's closed, complete tiles to Redis, version-guarded (a tile already
 * there at the same or a newer version is skipped, so re-running writes nothing and live streaming data
 * is never moved backwards), then publishes the batch watermark (the range's end) of each group.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Recompute a time range and write its closed tiles to Redis (version-guarded), then publish the batch watermark.")
final class BackfillCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--redis", required = true, paramLabel = "<uri>", description = "Redis URI, e.g. redis://127.0.0.1:6379")
    String redis;

    private final Clock clock;

    BackfillCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        BatchJob job = input.resolve(spec.commandLine());
        if (job.range().toMillis() > clock.millis()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid --to " + input.to + ": it is in the future"
                    + " (now " + clock.instant() + "); tiles are judged closed at --to, and one still open now must not be backfilled");
        }
        job.describe(console, "backfill into " + redis);
        checkRedis(job);
        job.checkInput(console);
        SparkSession spark = job.startSpark("lockstep-backfill");
        try (SparkProgress progress = job.progress(spark, console)) {
            Map<String, RecomputeResult> results = job.recompute(spark);
            JavaRDD<RecomputedTile> tiles = job.selectedTiles(spark, results);
            BatchJob.printTileCounts(console, tiles);
            if (job.dryRun()) {
                BatchJob.printRecordCounts(console, results);
                console.printf("dry run: would offer the closed and complete tiles above to %s (those already there at the"
                        + " same or a newer version are skipped) and publish batch watermark %s; wrote nothing%n",
                        redis, Instant.ofEpochMilli(job.range().toMillis()));
                return 0;
            }
            BackfillReport total = BackfillReport.EMPTY;
            RedisBackfill backfill = new RedisBackfill(redis, clock);
            for (Map.Entry<String, RecomputeResult> source : results.entrySet()) {
                total = total.plus(backfill.write(source.getValue(), job.groupsBySource().get(source.getKey())));
            }
            BatchJob.printRecordCounts(console, results);
            console.printf("backfilled %s: %,d tiles written, %,d skipped as not newer, %,d skipped as expired;"
                    + " batch watermark %s published for %s%n", redis, total.written(), total.skippedAsNotNewer(),
                    total.skippedAsExpired(), Instant.ofEpochMilli(job.range().toMillis()), job.groupsBySource().values());
            tiles.unpersist(false);
        }
        return 0;
    }

    /** Connects and reads a heartbeat before any Spark work, so an unreachable Redis fails in a second. */
    private void checkRedis(BatchJob job) {
        List<GroupLayout> layouts = new ArrayList<>();
        job.groupsBySource().forEach((source, groups) -> {
            for (GroupPlan group : job.spec().plan(source).groups()) {
                layouts.add(GroupLayout.of(group));
            }
        });
        try (RedisOnlineStore store = RedisOnlineStore.connect(redis, layouts, clock)) {
            store.batchWatermark(layouts.get(0).group());
        } catch (RuntimeException e) {
            throw new BatchCliException("Redis at " + redis + " is unreachable: " + e.getMessage(), e);
        }
    }
}
