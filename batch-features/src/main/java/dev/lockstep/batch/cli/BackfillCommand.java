package dev.lockstep.batch.cli;

import dev.lockstep.batch.backfill.BackfillReport;
import dev.lockstep.batch.backfill.IncrementalRange;
import dev.lockstep.batch.backfill.RedisBackfill;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.features.CauseChain;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.Heartbeat;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.store.RedisStoreConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>With {@code --incremental} the range is derived: from each group's batch watermark (minus the
 * look-back that makes every tile closed since complete, see {@link IncrementalRange}) to now minus
 * {@code --settle}. That is how batch-only groups are kept current: a scheduler (cron, Kubernetes) runs
 * it, or {@code --every} repeats it in this process.
 *
 * <p>With {@code --table} nothing is recomputed: the closed, complete tiles of an offline tile table (a
 * {@code recompute}'s output, kept range by range with {@code --extend}) are written, and the end of the table's
 * range is published. That restores a flushed or replaced Redis from tables already computed.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Recompute a time range (or read an offline tile table) and write its closed tiles to Redis"
                + " (version-guarded), then publish the batch watermark.")
final class BackfillCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--redis", required = true, paramLabel = "<uri>", description = "Redis URI, e.g. redis://127.0.0.1:6379, or a Redis Cluster's seeds: redis-cluster://h1:6379,h2:6379")
    String redis;

    @Option(names = "--incremental", description = "continue each group from its batch watermark in Redis (the end of its last"
            + " completed run) up to now minus --settle, instead of --from/--to; --from starts groups never backfilled."
            + " Reads the source topics (--kafka-bootstrap)")
    boolean incremental;

    @Option(names = "--settle", defaultValue = "PT1M", paramLabel = "<duration>", converter = InputOptions.DurationConverter.class,
            description = "an incremental run ends this long before now, so records still being appended (or in producer"
                    + " transactions still open) are in the topic first (default ${DEFAULT-VALUE})")
    Duration settle;

    @Option(names = "--every", paramLabel = "<duration>", converter = InputOptions.DurationConverter.class,
            description = "with --incremental: run again every <duration> until stopped (SIGTERM, Ctrl-C); a failed run is"
                    + " reported and its range covered by the next, since the watermarks stay where they were")
    Duration every;

    @Option(names = "--table", paramLabel = "<dir>", description = "write the closed, complete tiles of an offline tile"
            + " table (a recompute's OUT/tiles) instead of recomputing; its manifest gives the range, whose end is"
            + " published as the batch watermark. --groups picks some of its groups")
    String table;

    private final Clock clock;

    BackfillCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        if (table != null) {
            return new TableBackfill(spec.commandLine(), input, redis, table, clock).run(console);
        }
        if (incremental) {
            return incrementally(console);
        }
        checkNotIncrementalOptions();
        BatchJob job = input.resolve(spec.commandLine());
        if (job.range().toMillis() > clock.millis()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid --to " + input.to + ": it is in the future"
                    + " (now " + clock.instant() + "); tiles are judged closed at --to, and one still open now must not be backfilled");
        }
        job.describe(console, "backfill into " + RedisStoreConfig.redacted(redis));
        checkRedis(layouts(job.spec(), job.groupsBySource().keySet()));
        job.checkInput(console);
        backfill(job, job.startSpark("lockstep-backfill"), console);
        return 0;
    }

    /** Runs incremental backfills: once, or every {@code --every} until interrupted. */
    private int incrementally(PrintWriter console) {
        checkIncrementalOptions();
        JobSelection selection = input.select(spec.commandLine());
        checkRedis(layouts(selection.spec(), selection.groupsBySource().keySet()));
        SparkSession spark = null;
        long nextRun = System.nanoTime();
        for (int run = 1; ; run++) {
            try {
                Optional<BatchJob> job = nextIncrementalJob(selection, console);
                if (job.isPresent()) {
                    job.get().describe(console, (every == null ? "" : "run " + run + ": ") + "incremental backfill into " + RedisStoreConfig.redacted(redis));
                    job.get().checkInput(console);
                    spark = spark != null ? spark : job.get().startSpark("lockstep-backfill");
                    backfill(job.get(), spark, console);
                }
            } catch (RuntimeException e) {
                if (every == null || e instanceof CommandLine.ParameterException) {
                    throw e;
                }
                if (interrupted(e)) {
                    console.printf("stopped after %d run(s); run %d was interrupted and published no batch watermark%n", run - 1, run);
                    return 0;
                }
                spec.commandLine().getErr().printf("run %d failed: %s; the batch watermarks stay where they were, so the next"
                        + " run covers its range%n", run, CauseChain.describe(e));
                spec.commandLine().getErr().flush();
            }
            if (every == null) {
                return 0;
            }
            console.flush();
            nextRun = Math.max(nextRun + every.toNanos(), System.nanoTime()); // an overrun skips the runs it missed
            try {
                TimeUnit.NANOSECONDS.sleep(nextRun - System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                console.printf("stopped after %d run(s)%n", run);
                return 0;
            }
        }
    }

    /**
     * Whether a failure was the thread being interrupted (to stop the schedule), which libraries report as
     * their own exceptions and may clear the thread's flag on the way.
     */
    private static boolean interrupted(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next incremental run, or empty (said on the console) when every group's watermark is already
     * at or past now minus the settle time.
     */
    private Optional<BatchJob> nextIncrementalJob(JobSelection selection, PrintWriter console) {
        Map<String, Long> lookBacks = new TreeMap<>();
        selection.groupsBySource().forEach((source, groups) -> {
            SourcePlan plan = selection.spec().plan(source);
            groups.forEach(group -> lookBacks.put(group, IncrementalRange.lookBackMillis(plan.source(), plan.group(group))));
        });
        Map<String, Long> watermarks = new TreeMap<>();
        try (OnlineStore store = RedisOnlineStore.connect(redis, layouts(selection.spec(), selection.groupsBySource().keySet()), clock)) {
            for (String group : lookBacks.keySet()) {
                store.batchWatermark(group).map(Heartbeat::watermarkMillis).ifPresent(w -> watermarks.put(group, w));
            }
        }
        long to = clock.millis() - settle.toMillis();
        Map<String, String> shown = new TreeMap<>();
        lookBacks.keySet().forEach(group -> shown.put(group, Optional.ofNullable(watermarks.get(group))
                .map(w -> Instant.ofEpochMilli(w).toString()).orElse("none")));
        console.printf("batch watermarks %s; this run ends at %s (now minus %s)%n", shown, Instant.ofEpochMilli(to), settle);
        Optional<ArchiveRange> range;
        try {
            range = IncrementalRange.next(lookBacks, watermarks,
                    input.from == null ? OptionalLong.empty() : OptionalLong.of(input.from.toEpochMilli()), to);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (range.isEmpty()) {
            console.printf("nothing to backfill: every group's batch watermark is at or past %s%n", Instant.ofEpochMilli(to));
        }
        return range.map(selection::over);
    }

    /**
     * Recomputes the job's range, writes its backfillable tiles and publishes the batch watermarks. The kept
     * tiles are released however the run ends, so a failed run of an {@code --every} loop leaves nothing
     * cached for the next.
     */
    private void backfill(BatchJob job, SparkSession spark, PrintWriter console) {
        Map<String, RecomputeResult> results = job.recompute(spark);
        try (SparkProgress progress = job.progress(spark, console)) {
            JavaRDD<RecomputedTile> tiles = job.selectedTiles(results);
            BatchJob.printTileCounts(console, tiles);
            if (job.dryRun()) {
                BatchJob.printRecordCounts(console, results);
                console.printf("dry run: would offer the closed and complete tiles above to %s (those already there at the"
                        + " same or a newer version are skipped) and publish batch watermark %s%s; wrote nothing%n",
                        RedisStoreConfig.redacted(redis), Instant.ofEpochMilli(job.range().toMillis()),
                        withheldOnDryRun(job, results));
                return;
            }
            BackfillReport total = BackfillReport.EMPTY;
            RedisBackfill backfill = new RedisBackfill(redis, clock);
            for (Map.Entry<String, RecomputeResult> source : results.entrySet()) {
                total = total.plus(backfill.write(source.getValue(), job.groupsBySource().get(source.getKey())));
            }
            BatchJob.printRecordCounts(console, results);
            console.printf("backfilled %s: %,d tiles written, %,d skipped as not newer, %,d skipped as expired; %s%n",
                    RedisStoreConfig.redacted(redis), total.written(), total.skippedAsNotNewer(), total.skippedAsExpired(),
                    total.watermarkSummary());
        } finally {
            BatchJob.release(results);
        }
    }

    /** What a dry run would withhold, as {@code  (except: a: why; b: why)}, or nothing. */
    private String withheldOnDryRun(BatchJob job, Map<String, RecomputeResult> results) {
        RedisBackfill backfill = new RedisBackfill(redis, clock);
        Map<String, Optional<String>> decisions = new TreeMap<>();
        results.forEach((source, result) ->
                decisions.putAll(backfill.watermarkDecisions(result, job.groupsBySource().get(source))));
        return withheld(decisions);
    }

    /** The withheld decisions, as {@code  (except: a: why; b: why)}, or nothing; dry runs print it. */
    static String withheld(Map<String, Optional<String>> decisions) {
        List<String> withheld = new ArrayList<>();
        decisions.forEach((group, why) -> why.ifPresent(w -> withheld.add(group + ": " + w)));
        return withheld.isEmpty() ? "" : " (except: " + String.join("; ", withheld) + ")";
    }

    private void checkNotIncrementalOptions() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : List.of("--every", "--settle")) {
            if (parsed.hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " applies to --incremental backfills only");
            }
        }
    }

    private void checkIncrementalOptions() {
        if (input.to != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to is not given to an --incremental backfill:"
                    + " each run ends at now minus --settle");
        }
        if (input.archive != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--incremental reads the source topics"
                    + " (--kafka-bootstrap): an archive cannot tell whether it already holds every record that arrived"
                    + " before now minus --settle");
        }
        if (input.topicRange != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--topic-range is not given to an --incremental"
                    + " backfill: each run finds its offsets by arrival time from the batch watermarks");
        }
        if (settle.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid --settle " + settle + ": must not be negative");
        }
        if (every != null && (every.isZero() || every.isNegative())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid --every " + every + ": must be positive");
        }
    }

    /** Connects and reads a heartbeat before any Spark work, so an unreachable Redis fails in a second. */
    private void checkRedis(List<GroupLayout> layouts) {
        checkRedis(redis, layouts, clock);
    }

    /** Connects and reads a heartbeat before any Spark work, so an unreachable Redis fails in a second. */
    static void checkRedis(String redis, List<GroupLayout> layouts, Clock clock) {
        try (RedisOnlineStore store = RedisOnlineStore.connect(redis, layouts, clock)) {
            store.batchWatermark(layouts.get(0).group());
        } catch (RuntimeException e) {
            throw new BatchCliException("Redis at " + RedisStoreConfig.redacted(redis) + " is unreachable: " + e.getMessage(), e);
        }
    }

    /** The store layouts of every group of the given sources (the store needs them all to read any). */
    static List<GroupLayout> layouts(SpecHandle spec, Set<String> sources) {
        return sources.stream().flatMap(source -> RedisBackfill.layouts(spec, source).stream()).toList();
    }
}
