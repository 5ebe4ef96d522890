package dev.lockstep.features.bench;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.engine.WindowRead;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.features.tile.TileKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Window read of the whole example group (longest window 30 days) for one busy card from its encoded
 * tiles, as serving does after HGETALL: 30 days of history at one transaction every ~20 minutes, with
 * expired tile fields already removed (as the online store does). The baseline scans the same card's
 * raw events naively, which is what reading without tiles would cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WindowReadBenchmark {

    private GroupPlan group;
    private Map<TileKey, byte[]> tiles;
    private List<AcceptedEvent> rawEvents;
    private long readTime;

    @Setup
    public void setUp() {
        SourcePlan plan = SourcePlan.compile(FeatureSpecLoader.loadResource("examples/fraud/features.yaml"), "transactions");
        group = plan.group("card_txn");
        long start = 1_763_000_000_000L;
        long span = Duration.ofDays(30).toMillis();
        int count = (int) (span / Duration.ofMinutes(20).toMillis());
        CardTransactions data = new CardTransactions(count, 1, start, 2 * Duration.ofMinutes(20).toMillis(), 7);
        rawEvents = new ArrayList<>();
        TileFolder folder = new TileFolder(group);
        for (int i = 0; i < count; i++) {
            if (plan.acceptance().evaluate(data.events[i], data.positions[i]) instanceof Verdict.Accepted a) {
                rawEvents.add(a.event());
                folder.add(a.event());
            }
        }
        readTime = rawEvents.get(rawEvents.size() - 1).arrival();
        Map<Long, Duration> retention = group.retentionByHop();
        tiles = new TreeMap<>();
        folder.encodedTiles().forEach((tile, bytes) -> {
            if (tile.endMillis() >= readTime - retention.get(tile.hopMillis()).toMillis()) {
                tiles.put(tile, bytes);
            }
        });
    }

    @Benchmark
    public Map<String, Object> readFromTiles() {
        return WindowRead.at(group, readTime, tiles);
    }

    /** Naive: every raw event of the card in the 30-day window, aggregated with doubles and a HashSet. */
    @Benchmark
    public Object naiveScanOfRawEvents() {
        long count10m = 0;
        double sum1h = 0;
        double max24h = Double.NEGATIVE_INFINITY;
        Set<Object> merchants = new HashSet<>();
        double sum30d = 0;
        long count30d = 0;
        Object lastCountry = null;
        long lastTime = Long.MIN_VALUE;
        for (AcceptedEvent event : rawEvents) {
            long age = readTime - event.eventTime();
            if (age > Duration.ofDays(30).toMillis()) {
                continue;
            }
            double amount = (Double) event.columnValues()[0];
            sum30d += amount;
            count30d++;
            if (event.columnValues()[2] != null && event.eventTime() >= lastTime) {
                lastTime = event.eventTime();
                lastCountry = event.columnValues()[2];
            }
            if (age <= Duration.ofHours(24).toMillis()) {
                max24h = Math.max(max24h, amount);
                merchants.add(event.columnValues()[1]);
                if (age <= Duration.ofHours(1).toMillis()) {
                    sum1h += amount;
                    if (age <= Duration.ofMinutes(10).toMillis()) {
                        count10m++;
                    }
                }
            }
        }
        return new Object[] {count10m, sum1h, max24h, merchants.size(), sum30d / count30d, lastCountry};
    }
}
