package dev.lockstep.batch.bench;

import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.archive.EventProjection;
import dev.lockstep.batch.recompute.internal.ArchiveScan;
import dev.lockstep.batch.recompute.internal.EventChunks;
import dev.lockstep.features.accept.AcceptanceRules;
import dev.lockstep.features.event.AvroEventView;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import scala.Tuple2;

/**
 * The recompute's map side, one thread, no Spark: what a scan task does per archived event. Scores are
 * nanoseconds per event over the {@link ScanArchive}.
 *
 * <ul>
 *   <li>{@code readWholeEvents}: read every record with all its event's fields and take the rules'
 *       verdict; the baseline for {@code readRuleFields}, the same with only the fields the rules read
 *       ({@link EventProjection}), as the recompute reads.</li>
 *   <li>{@code scanAndPack}: the whole map side, {@link ArchiveScan#scanFile} and {@link EventChunks#pack}
 *       into the shuffle's chunks.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ScanArchive.EVENTS)
public class ScanBenchmark {

    private final AcceptanceRules rules = ScanArchive.SPEC.plan(ScanArchive.SOURCE).acceptance();

    @Benchmark
    public void readWholeEvents(ScanArchive archive, Blackhole verdicts) {
        read(archive, EventProjection.allFields(), verdicts);
    }

    @Benchmark
    public void readRuleFields(ScanArchive archive, Blackhole verdicts) {
        read(archive, EventProjection.only(rules.fieldsRead()), verdicts);
    }

    @Benchmark
    public void scanAndPack(ScanArchive archive, Blackhole chunks) {
        for (String file : archive.files()) {
            Iterator<Tuple2<Integer, byte[]>> packed = EventChunks.pack(ScanArchive.acceptedEvents(file), 8);
            while (packed.hasNext()) {
                chunks.consume(packed.next());
            }
        }
    }

    private void read(ScanArchive archive, EventProjection projection, Blackhole verdicts) {
        for (String file : archive.files()) {
            ArchiveReader.read(file, projection, (ArchivedRecord record) ->
                    verdicts.consume(rules.evaluate(new AvroEventView(record.event()), record.position())));
        }
    }
}
