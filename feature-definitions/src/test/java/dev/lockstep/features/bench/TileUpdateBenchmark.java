package dev.lockstep.features.bench;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.spec.FeatureSpecLoader;
import dev.lockstep.features.tile.TileKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Event -> tile update for the example 6-feature group (card_txn): acceptance, then folding the event
 * into its three tiles (5m, 1h, 1d) held in a hash map, as streaming's state-store cache and batch do.
 * The baseline runs the same acceptance and map lookups but aggregates naively (double +=, a HashSet
 * for distinct merchants, no IR objects): the ratio is the cost of exact, mergeable IRs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TileUpdateBenchmark {

    private static final int EVENTS = 1 << 20;
    private static final long START = 1_763_000_000_000L;

    private SourcePlan plan;
    private GroupPlan group;
    private CardTransactions data;
    private Map<TileRef, Object[]> tiles;
    private Map<TileRef, NaiveTile> naiveTiles;
    private int next;

    record TileRef(String entity, TileKey tile) {
    }

    /** What a naive implementation keeps per tile: not mergeable exactly, not order-independent. */
    static final class NaiveTile {
        long count;
        double sum;
        double max = Double.NEGATIVE_INFINITY;
        final Set<Object> merchants = new HashSet<>();
        long lastTime = Long.MIN_VALUE;
        Object lastCountry;
    }

    @Setup
    public void setUp() {
        plan = SourcePlan.compile(FeatureSpecLoader.loadResource("examples/fraud/features.yaml"), "transactions");
        group = plan.group("card_txn");
        data = new CardTransactions(EVENTS, 10_000, START, 5, 42);
        tiles = new HashMap<>();
        naiveTiles = new HashMap<>();
    }

    @Benchmark
    public Object acceptAndFoldIntoTiles() {
        int i = next++ & (EVENTS - 1);
        Verdict verdict = plan.acceptance().evaluate(data.events[i], data.positions[i]);
        if (verdict instanceof Verdict.Accepted accepted) {
            AcceptedEvent event = accepted.event();
            List<TileKey> keys = group.tilesFor(event.eventTime());
            for (TileKey tile : keys) {
                group.fold(tile, tiles.computeIfAbsent(new TileRef(event.entityKey(), tile), ref -> group.emptyIrs(tile)), event);
            }
            return keys;
        }
        return verdict;
    }

    @Benchmark
    public Object naiveBaseline() {
        int i = next++ & (EVENTS - 1);
        Verdict verdict = plan.acceptance().evaluate(data.events[i], data.positions[i]);
        if (verdict instanceof Verdict.Accepted accepted) {
            AcceptedEvent event = accepted.event();
            Object[] values = event.columnValues(); // amount, merchant_id, country
            List<TileKey> keys = group.tilesFor(event.eventTime());
            for (TileKey tile : keys) {
                NaiveTile naive = naiveTiles.computeIfAbsent(new TileRef(event.entityKey(), tile), ref -> new NaiveTile());
                double amount = (Double) values[0];
                naive.count++;
                naive.sum += amount;
                naive.max = Math.max(naive.max, amount);
                naive.merchants.add(values[1]);
                if (event.eventTime() >= naive.lastTime && values[2] != null) {
                    naive.lastTime = event.eventTime();
                    naive.lastCountry = values[2];
                }
            }
            return keys;
        }
        return verdict;
    }
}
