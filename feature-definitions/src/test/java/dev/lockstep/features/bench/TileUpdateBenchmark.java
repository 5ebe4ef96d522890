package dev.lockstep.features.bench;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.accept.Verdict;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.engine.SourcePlan;
import dev.lockstep.features.engine.TileFolder;
import dev.lockstep.features.spec.FeatureSpecLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Event -> tile update for the example 6-feature group (card_txn): acceptance, then folding the event
 * into its three tiles (5m, 1h, 1d) with the engine's per-entity {@link TileFolder}, held in a map by
 * card, as batch's in-memory fold does (streaming adds its state store's own cost on top).
 * The baseline is acceptance alone, the cost every path pays per event; the cost of exactness itself
 * (exact sum vs naive {@code +=}) is {@link SumBenchmark}'s ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TileUpdateBenchmark {

    /** A working set that stays in cache, so the benchmark measures the engine, not memory latency. */
    private static final int EVENTS = 1 << 16;
    private static final long START = 1_763_000_000_000L;

    /**
     * Distinct cards: 100 keeps every open tile in cache (the engine's own cost per event); 10,000 spreads
     * ~50k live tiles over far more memory than the caches hold (what a large state costs).
     */
    @Param({"100", "10000"})
    public int cards;

    private SourcePlan plan;
    private GroupPlan group;
    private CardTransactions data;
    private Map<String, TileFolder> folders;
    /** Hoisted: a capturing lambda in the loop would allocate per event, which is harness, not engine. */
    private Function<String, TileFolder> newFolder;
    private int next;

    @Setup
    public void setUp() {
        plan = SourcePlan.compile(FeatureSpecLoader.loadResource("examples/fraud/features.yaml"), "transactions");
        group = plan.group("card_txn");
        data = new CardTransactions(plan.source().schema(), EVENTS, cards, START, 5, 42);
        folders = new HashMap<>();
        newFolder = entity -> new TileFolder(group);
    }

    @Benchmark
    public Object acceptAndFoldIntoTiles() {
        int i = next++ & (EVENTS - 1);
        Verdict verdict = plan.acceptance().evaluate(data.events[i], data.positions[i]);
        if (verdict instanceof Verdict.Accepted accepted) {
            AcceptedEvent event = accepted.event();
            return folders.computeIfAbsent(event.entityKey(), newFolder).add(event);
        }
        return verdict;
    }

    /** Acceptance alone: the floor every path pays per event (decode excluded), as the baseline. */
    @Benchmark
    public Object acceptOnly() {
        int i = next++ & (EVENTS - 1);
        return plan.acceptance().evaluate(data.events[i], data.positions[i]);
    }
}
