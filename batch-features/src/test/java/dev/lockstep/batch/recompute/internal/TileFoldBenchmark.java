package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.bench.BenchArchive;
import dev.lockstep.batch.bench.ScanArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import scala.Tuple2;

/**
 * The recompute's reduce side, one thread, no Spark: what a shuffle task does with its chunks. The task holds
 * {@value #EVENTS} events of {@value #CARDS} cards arriving over 20 minutes, 200 per card, as a task of
 * {@link dev.lockstep.batch.bench.RecomputeBenchmark}'s 10-million-event run holds (~435,000 events of ~2,200
 * cards), packed by the map side's {@link EventChunks#pack} into one partition's chunks. Nanoseconds per event.
 *
 * <ul>
 *   <li>{@code dedupHoldingAllEvents}: the baseline, the task's events decoded up front, all of them held,
 *       then each entity's sorted and deduplicated (as the recompute did before {@link ChunksByEntity});</li>
 *   <li>{@code dedupEntityByEntity}: the same, each entity's events decoded when its turn comes
 *       ({@link EntityEvents#firstOccurrencesInRange(Iterator)});</li>
 *   <li>{@code foldEntityByEntity}: the whole reduce side, {@link EntityTileFold#foldPartition} into encoded tiles.</li>
 * </ul>
 * Run with {@code -prof gc}: the difference lies in what the young collections copy.
 */
@State(Scope.Thread) // each thread its own chunks: decoding writes to them and restores them (Kryo's readAscii)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TileFoldBenchmark.EVENTS)
public class TileFoldBenchmark {

    static final int EVENTS = 400_000;
    static final int CARDS = 2_000;

    private final List<byte[]> chunks = new ArrayList<>();

    @Setup(Level.Trial)
    public void pack() throws IOException {
        Path dir = Files.createTempDirectory("fold-bench");
        try {
            BenchArchive.write(dir, ScanArchive.SPEC.plan(ScanArchive.SOURCE).source().schema(), EVENTS, CARDS, 20);
            for (String file : ArchiveReader.listFiles(dir.toString())) {
                EventChunks.pack(ScanArchive.acceptedEvents(file), 1)
                        .forEachRemaining((Tuple2<Integer, byte[]> chunk) -> chunks.add(chunk._2()));
            }
        } finally {
            ScanArchive.deleteDirectory(dir);
        }
    }

    @Benchmark
    public void dedupHoldingAllEvents(Blackhole survivors) {
        ChunksByEntity byEntity = EventChunks.byEntity(chunks.iterator());
        List<List<EventRow>> events = new ArrayList<>();
        for (int e = 0; e < byEntity.entityCount(); e++) {
            events.add(byEntity.takeEvents(e));
        }
        for (List<EventRow> ofEntity : events) {
            EntityEvents.firstOccurrencesInRange(ofEntity).forEach(survivors::consume);
        }
    }

    @Benchmark
    public void dedupEntityByEntity(Blackhole survivors) {
        EntityEvents.firstOccurrencesInRange(chunks.iterator()).forEachRemaining(survivors::consume);
    }

    @Benchmark
    public void foldEntityByEntity(Blackhole tiles) {
        EntityTileFold.foldPartition(ScanArchive.SPEC, ScanArchive.SOURCE, ScanArchive.RANGE, chunks.iterator())
                .forEachRemaining(tiles::consume);
    }
}
