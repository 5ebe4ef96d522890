package dev.lockstep.batch.bench;

import dev.lockstep.batch.BatchSession;
import dev.lockstep.batch.backfill.BackfillReport;
import dev.lockstep.batch.backfill.RedisBackfill;
import dev.lockstep.batch.cli.BatchMain;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.RecomputeResult;
import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.TileRecompute;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisOnlineStore;
import dev.lockstep.testing.redis.RedisServerProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Batch throughput, each with a same-run ceiling (a {@code main}, not a test; see docs/benchmarks.md):
 * <ol>
 *   <li>recompute of an Avro archive of N example transactions (default 10 million) in local[2], vs
 *       Spark's plain read + count of the same archive (spark-avro), and a read that decodes a field;</li>
 *   <li>the Redis backfill of the recomputed tiles, vs {@code redis-benchmark -P 16 -t hset} against the
 *       same redis-server;</li>
 *   <li>the whole {@code backfill} command (recompute, tile and record counts, Redis writes, watermark) on
 *       the same archive in the same JVM, vs the last round's bare recompute: what the command costs beyond
 *       computing the tiles;</li>
 *   <li>{@code backfill --table} of an offline table of the same range (written by {@code recompute}, untimed),
 *       vs that command: what writing a kept table costs against recomputing it.</li>
 * </ol>
 * Properties: {@code bench.events} (10000000), {@code bench.dir} (archive kept there between runs),
 * {@code bench.cards} (50000), {@code bench.minutes} (arrival span, 20), {@code bench.threads} (2), {@code bench.partitions} (input tasks, 8),
 * {@code bench.rounds} (recompute rounds, 2), {@code bench.backfill.rounds} (backfill rounds after the last, 2;
 * from 4 on, the medians of the second half are printed as the steady state),
 * {@code bench.command.rounds} (pairs of backfill commands, archive and table, after those, 1).
 * Lines starting with RESULT are the numbers.
 */
public final class RecomputeBenchmark {

    private static final long START = BenchArchive.START;
    private static final long MINUTE = BenchArchive.MINUTE;
    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");

    private RecomputeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.getLong("bench.events", 10_000_000L);
        int cards = Integer.getInteger("bench.cards", 50_000);
        int minutes = Integer.getInteger("bench.minutes", 20);
        int threads = Integer.getInteger("bench.threads", 2);
        int partitions = Integer.getInteger("bench.partitions", 8);
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-archive-" + events));
        ensureArchive(dir, events, cards, minutes);
        System.out.printf("load average at start: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        SparkSession spark = BatchSession.local("lockstep-bench", threads);
        StageTimes stages = new StageTimes(threads);
        spark.sparkContext().addSparkListener(stages);
        // The archive's arrivals lie well inside the range (a day on either side): every tile is closed, and
        // all but the longest hop's are complete.
        ArchiveRange range = new ArchiveRange(START - 24 * 60 * MINUTE, START + (minutes + 2 * 24 * 60) * MINUTE);
        double lastRecomputeSeconds = Double.NaN;
        for (int round = 1; round <= Integer.getInteger("bench.rounds", 2); round++) {
            long t0 = System.nanoTime();
            long counted = spark.read().format("avro").load(dir.toString()).count();
            double countSeconds = seconds(t0);
            t0 = System.nanoTime();
            Object amountSum = spark.read().format("avro").load(dir.toString())
                    .agg(functions.sum("event.amount")).first().get(0);
            double decodeSeconds = seconds(t0);

            stages.drain();
            double cpu0 = jvmCpuSeconds();
            t0 = System.nanoTime();
            RecomputeResult result = new TileRecompute(spark, SPEC, "transactions").run(dir.toString(), range, partitions);
            JavaRDD<RecomputedTile> tiles = result.tiles().persist(StorageLevel.MEMORY_ONLY());
            long tileCount = tiles.count();
            double recomputeSeconds = seconds(t0);
            double recomputeCpu = jvmCpuSeconds() - cpu0;
            lastRecomputeSeconds = recomputeSeconds;
            // The listener hears of the last stage's end asynchronously, after the job returns.
            spark.sparkContext().listenerBus().waitUntilEmpty();
            for (String stage : stages.drain()) {
                System.out.println("recompute round " + round + ", " + stage);
            }
            System.out.printf("recompute round %d: JVM CPU %.1f s in %.1f s, %.2f of %d cores%n", round, recomputeCpu,
                    recomputeSeconds, recomputeCpu / (recomputeSeconds * threads), threads);
            System.out.printf("RESULT round %d: spark avro read+count %,d records in %.1f s = %,.0f rec/s"
                            + " | read decoding event.amount (sum %s) %.1f s = %,.0f rec/s"
                            + " | recompute %,d events -> %,d tiles in %.1f s = %,.0f events/s"
                            + " | recompute / read+count = %.2f, recompute / decoding read = %.2f%n",
                    round, counted, countSeconds, counted / countSeconds, amountSum, decodeSeconds, counted / decodeSeconds,
                    events, tileCount, recomputeSeconds, events / recomputeSeconds,
                    countSeconds / recomputeSeconds, decodeSeconds / recomputeSeconds);
            if (round == Integer.getInteger("bench.rounds", 2)) {
                backfill(result, tiles);
            }
            tiles.unpersist(true);
        }
        backfillCommand(dir, threads, lastRecomputeSeconds);
        System.out.printf("load average at end: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        spark.stop();
    }

    private static void backfill(RecomputeResult result, JavaRDD<RecomputedTile> tiles) throws Exception {
        long backfillable = tiles.filter(RecomputedTile::backfillable).count();
        // The store's now: just after the archive, so the 5-minute tiles are within their retention.
        Clock clock = Clock.fixed(Instant.ofEpochMilli(START + 21 * MINUTE), ZoneOffset.UTC);
        int rounds = Integer.getInteger("bench.backfill.rounds", 2);
        List<double[]> steady = new ArrayList<>(); // {tiles/s, ratio, JVM CPU us/tile, redis CPU us/tile}
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            for (int round = 1; round <= rounds; round++) {
                try (OnlineStore store = RedisOnlineStore.connect(redis.uri(), RedisBackfill.layouts(SPEC, "transactions"), clock)) {
                    store.deleteAll();
                }
                redisCli(redis, "CONFIG", "RESETSTAT");
                double redisCpuBefore = redis.cpuSeconds();
                double jvmCpuBefore = jvmCpuSeconds();
                long t0 = System.nanoTime();
                BackfillReport report = new RedisBackfill(redis.uri(), clock).write(result);
                double backfillSeconds = seconds(t0);
                double redisCpu = redis.cpuSeconds() - redisCpuBefore;
                double jvmCpu = jvmCpuSeconds() - jvmCpuBefore;
                System.out.printf("CPU during backfill round %d: redis-server %.2f s, this JVM %.2f s, in %.2f s%n", round,
                        redisCpu, jvmCpu, backfillSeconds);
                System.out.println("redis commandstats after backfill round " + round + ": "
                        + redisCli(redis, "INFO", "commandstats").lines().filter(l -> l.startsWith("cmdstat_"))
                        .collect(java.util.stream.Collectors.joining(" ")));
                double hsetPerSecond = redisBenchmarkHset(redis);
                double tilesPerSecond = report.written() / backfillSeconds;
                System.out.printf("RESULT backfill round %d: %,d backfillable tiles offered, %,d written, %,d expired, in %.1f s"
                                + " = %,.0f tiles/s | redis-benchmark -P 16 -t hset: %,.0f requests/s | ratio %.3f%n",
                        round, backfillable, report.written(), report.skippedAsExpired(), backfillSeconds, tilesPerSecond,
                        hsetPerSecond, tilesPerSecond / hsetPerSecond);
                if (round > rounds / 2) {
                    steady.add(new double[] {tilesPerSecond, tilesPerSecond / hsetPerSecond,
                            jvmCpu * 1e6 / report.written(), redisCpu * 1e6 / report.written()});
                }
            }
        }
        if (rounds >= 4) {
            // A round takes seconds; the JIT keeps compiling Lettuce, Netty and the write path for several
            // of them, so the first half is warm-up and the second half's medians are the steady state.
            System.out.printf("RESULT backfill steady state, median of rounds %d-%d: %,.0f tiles/s | ratio %.3f"
                            + " | CPU per tile: this JVM %.2f us, redis-server %.2f us%n", rounds / 2 + 1, rounds,
                    median(steady, 0), median(steady, 1), median(steady, 2), median(steady, 3));
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(row -> row[column]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /**
     * The {@code backfill} command as an operator runs it, in this JVM (it reuses the Spark session), into
     * an empty Redis; then {@code backfill --table} of a table of the same range, into an empty Redis again. Its range ends an hour after the archive's first arrival, and its clock stands there,
     * so every closed tile is still within its retention and written.
     */
    private static void backfillCommand(Path dir, int threads, double recomputeSeconds) throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(START + 60 * MINUTE), ZoneOffset.UTC);
        Path specFile = Files.createTempFile("bench-spec", ".yaml");
        try (var spec = RecomputeBenchmark.class.getClassLoader().getResourceAsStream("examples/fraud/features.yaml")) {
            Files.write(specFile, spec.readAllBytes());
        }
        if (Integer.getInteger("bench.command.rounds", 1) < 1) {
            return;
        }
        String from = Instant.ofEpochMilli(START - 24 * 60 * MINUTE).toString();
        String master = "local[" + threads + "]";
        // The same range as an offline table, for `backfill --table` (not timed: a table is kept, not made per backfill).
        Path table = Files.createTempDirectory("bench-table").resolve("out");
        run(new String[] {"recompute", "--spec", specFile.toString(), "--archive", dir.toString(), "--from", from,
                "--to", clock.instant().toString(), "--out", table.toString(), "--master", master,
                "--progress-interval", "PT1H"}, clock);
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            for (int round = 1; round <= Integer.getInteger("bench.command.rounds", 1); round++) {
                redisCli(redis, "FLUSHALL");
                long t0 = System.nanoTime();
                String command = run(new String[] {"backfill", "--spec", specFile.toString(),
                        "--archive", dir.toString(), "--from", from, "--to", clock.instant().toString(),
                        "--redis", redis.uri(), "--master", master, "--progress-interval", "PT1H"}, clock);
                double seconds = seconds(t0);
                redisCli(redis, "FLUSHALL");
                t0 = System.nanoTime();
                String fromTable = run(new String[] {"backfill", "--spec", specFile.toString(),
                        "--table", table.resolve("tiles").toString(), "--redis", redis.uri(), "--master", master,
                        "--progress-interval", "PT1H"}, clock);
                double tableSeconds = seconds(t0);
                String written = tilesWritten(command);
                if (!written.equals(tilesWritten(fromTable))) {
                    throw new IllegalStateException("backfill --table wrote " + tilesWritten(fromTable) + " tiles, the"
                            + " backfill command " + written);
                }
                System.out.printf("RESULT backfill command round %d: %.1f s | bare recompute (last round) %.1f s"
                        + " | command / recompute = %.2f%n", round, seconds, recomputeSeconds, seconds / recomputeSeconds);
                System.out.printf("RESULT backfill --table round %d: %s tiles in %.1f s | backfill command %.1f s"
                        + " | table / command = %.2f%n", round, written, tableSeconds, seconds, tableSeconds / seconds);
            }
        }
    }

    /** Runs a batch command in this JVM (it reuses the Spark session); returns what it printed, or fails. */
    private static String run(String[] args, Clock clock) {
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = BatchMain.execute(args, new PrintWriter(out, true), new PrintWriter(System.err, true), clock);
        System.out.print(out);
        if (exit != 0) {
            throw new IllegalStateException(args[0] + " command exited " + exit);
        }
        return out.toString();
    }

    private static String tilesWritten(String output) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("([\\d,]+) tiles written").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no count of tiles written in: " + output);
        }
        return matcher.group(1);
    }

    /** This JVM's CPU time (all threads: Spark tasks, Lettuce, GC, JIT). */
    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static String redisCli(RedisServerProcess redis, String... command) throws IOException, InterruptedException {
        List<String> line = new java.util.ArrayList<>(List.of("redis-cli", "-h", redis.host(), "-p", String.valueOf(redis.port())));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }

    /** {@code redis-benchmark -P 16 -t hset -n 1000000 -q} against the same server: the pipelined ceiling. */
    private static double redisBenchmarkHset(RedisServerProcess redis) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("redis-benchmark", "-h", redis.host(), "-p", String.valueOf(redis.port()),
                "-P", "16", "-t", "hset", "-n", "1000000", "-q").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher matcher = Pattern.compile("HSET: ([\\d.]+) requests per second").matcher(output.replace("\r", "\n"));
        double last = Double.NaN;
        while (matcher.find()) {
            last = Double.parseDouble(matcher.group(1));
        }
        if (Double.isNaN(last)) {
            throw new IllegalStateException("no HSET rate in redis-benchmark's output: " + output);
        }
        return last;
    }

    /** N valid transactions of {@code cards} cards arriving over {@code minutes}, 4 partitions, files of 500k records. */
    private static void ensureArchive(Path dir, long events, int cards, int minutes) throws IOException {
        Path done = dir.resolve("_COMPLETE");
        String shape = events + " events, " + cards + " cards, " + minutes + " minutes";
        if (Files.exists(done)) {
            String written = Files.readString(done).trim();
            // Archives written before bench.minutes existed record only the event count.
            boolean legacy = written.equals(String.valueOf(events)) && cards == 50_000 && minutes == 20;
            if (!legacy && !written.equals(shape)) {
                throw new IllegalStateException("archive " + dir + " holds " + written + ", not " + shape
                        + ": give another bench.dir");
            }
            System.out.println("reusing archive " + dir + " (" + shape + ")");
            return;
        }
        long t0 = System.nanoTime();
        BenchArchive.write(dir, SPEC.plan("transactions").source().schema(), events, cards, minutes);
        Files.writeString(done, shape);
        System.out.printf("wrote archive of %,d events to %s in %.1f s%n", events, dir, seconds(t0));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

}
