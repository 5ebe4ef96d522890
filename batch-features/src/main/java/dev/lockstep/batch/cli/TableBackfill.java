package dev.lockstep.batch.cli;

import dev.lockstep.batch.BatchSession;
import dev.lockstep.batch.backfill.BackfillReport;
import dev.lockstep.batch.backfill.RedisBackfill;
import dev.lockstep.batch.offline.OfflineOutputException;
import dev.lockstep.batch.offline.OfflineTileTable;
import dev.lockstep.batch.offline.TableManifest;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.store.RedisStoreConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * {@code backfill --table}: the closed, complete tiles of an offline tile table written to Redis, nothing
 * recomputed. The table's manifest is the input's description: its range (whose end is published as the
 * batch watermark), its groups and their tile formats, and whether its input was complete.
 */
final class TableBackfill {

    private final CommandLine commandLine;
    private final InputOptions input;
    private final String redis;
    private final String table;
    private final Clock clock;

    TableBackfill(CommandLine commandLine, InputOptions input, String redis, String table, Clock clock) {
        this.commandLine = commandLine;
        this.input = input;
        this.redis = redis;
        this.table = table;
        this.clock = clock;
    }

    /**
     * Writes a settled table's closed, complete tiles of the selected groups, then publishes the end of its range
     * as their batch watermark. Nothing is recomputed; the spec gives the groups' store layouts, and must plan
     * them in the formats the table's tiles were written in.
     */
    int run(PrintWriter console) {
        checkTableOptions();
        SpecHandle specHandle = SpecHandle.ofFile(input.spec);
        TableManifest manifest = TableManifest.requireOf(table, "backfilled");
        List<String> groups = input.groups == null ? List.copyOf(manifest.groups()) : List.copyOf(new LinkedHashSet<>(input.groups));
        InputOptions.requireTableHolds(commandLine, table, manifest, groups);
        manifest.checkTileFormats(specHandle, table, groups);
        if (!manifest.settled()) {
            throw new OfflineOutputException("table " + table + " holds arrivals in [" + manifest.from() + ", "
                    + manifest.to() + "), but its input was complete only until " + manifest.settledUntil() + " when it"
                    + " was recomputed: records that arrived later are missing from tiles it judged closed, so it is not"
                    + " backfilled; recompute the range now that it has passed", null);
        }
        Map<String, Set<String>> groupsBySource = new LinkedHashMap<>();
        Map<String, String> sources = specHandle.sourceOfGroups(); // all defined: checkTileFormats says so
        for (String group : groups) {
            groupsBySource.computeIfAbsent(sources.get(group), unused -> new TreeSet<>()).add(group);
        }
        console.printf("%sbackfill into %s from table %s: groups %s over arrivals [%s, %s)%n", input.dryRun ? "dry run of " : "",
                RedisStoreConfig.redacted(redis), table, groupsBySource, manifest.from(), manifest.to());
        BackfillCommand.checkRedis(redis, BackfillCommand.layouts(specHandle, groupsBySource.keySet()), clock);
        SparkSession spark = BatchSession.forMaster("lockstep-backfill", input.master);
        try (SparkProgress progress = new SparkProgress(spark, console, input.progressInterval)) {
            OfflineTileTable tiles = new OfflineTileTable(spark, table);
            BatchJob.printTileCounts(console, tiles.tiles(groups));
            if (input.dryRun) {
                Map<String, Optional<String>> decisions = new TreeMap<>();
                RedisBackfill backfill = new RedisBackfill(redis, clock);
                groupsBySource.forEach((source, sourceGroups) -> decisions.putAll(
                        backfill.watermarkDecisions(specHandle, source, manifest.range(), sourceGroups,
                                manifest.incompleteness())));
                console.printf("dry run: would offer the closed and complete tiles above to %s (those already there at the"
                        + " same or a newer version are skipped) and publish batch watermark %s%s; wrote nothing%n",
                        RedisStoreConfig.redacted(redis), manifest.to(), BackfillCommand.withheld(decisions));
                return 0;
            }
            BackfillReport total = BackfillReport.EMPTY;
            RedisBackfill backfill = new RedisBackfill(redis, clock);
            for (Map.Entry<String, Set<String>> source : groupsBySource.entrySet()) {
                total = total.plus(backfill.write(tiles.backfillableTiles(source.getValue()), specHandle, source.getKey(),
                        manifest.range(), source.getValue(), manifest.incompleteness()));
            }
            console.printf("backfilled %s: %,d tiles written, %,d skipped as not newer, %,d skipped as expired; %s%n",
                    RedisStoreConfig.redacted(redis), total.written(), total.skippedAsNotNewer(), total.skippedAsExpired(),
                    total.watermarkSummary());
        }
        return 0;
    }

    /** With {@code --table} the table is the input: every option choosing or reading another input is refused. */
    private void checkTableOptions() {
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        for (String option : List.of("--from", "--to", "--archive", "--kafka-bootstrap", "--kafka-config", "--topic-range",
                "--schema-registry", "--partitions", "--skip-bad-files", "--incremental", "--every", "--settle")) {
            if (parsed.hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(commandLine, option + " does not apply to --table: the"
                        + " table is the input, and its manifest gives the range");
            }
        }
    }
}
