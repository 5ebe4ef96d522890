package dev.lockstep.batch.bench;

import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.archive.ArchivedRecord;
import dev.lockstep.batch.archive.EventProjection;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.internal.ArchiveScan;
import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import dev.lockstep.batch.recompute.internal.EventChunks;
import dev.lockstep.batch.recompute.internal.EventRow;
import dev.lockstep.features.accept.AcceptanceRules;
import dev.lockstep.features.event.AvroEventView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import scala.Tuple2;

/**
 * The recompute's map side, one thread, no Spark: what a scan task does per archived event. Scores are
 * nanoseconds per event over an archive of {@value #EVENTS} example transactions (the shape of
 * {@link RecomputeBenchmark}'s).
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
@OperationsPerInvocation(ScanBenchmark.EVENTS)
public class ScanBenchmark {

    static final int EVENTS = 400_000;
    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final ArchiveRange RANGE = new ArchiveRange(BenchArchive.START - 24 * 60 * BenchArchive.MINUTE,
            BenchArchive.START + 2 * 24 * 60 * BenchArchive.MINUTE);

    private final AcceptanceRules rules = SPEC.plan("transactions").acceptance();
    private Path dir;
    private List<String> files;

    @Setup(Level.Trial)
    public void writeArchive() throws IOException {
        dir = Files.createTempDirectory("scan-bench");
        BenchArchive.write(dir, SPEC.plan("transactions").source().schema(), EVENTS, 50_000, 20);
        files = ArchiveReader.listFiles(dir.toString());
    }

    @TearDown(Level.Trial)
    public void deleteArchive() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Benchmark
    public void readWholeEvents(Blackhole verdicts) {
        read(EventProjection.allFields(), verdicts);
    }

    @Benchmark
    public void readRuleFields(Blackhole verdicts) {
        read(EventProjection.only(rules.fieldsRead()), verdicts);
    }

    @Benchmark
    public void scanAndPack(Blackhole chunks) {
        for (String file : files) {
            Iterator<Scanned> scanned = ArchiveScan.scanFile(SPEC, "transactions", file, RANGE, 0, false);
            Iterator<EventRow> events = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return scanned.hasNext();
                }

                @Override
                public EventRow next() {
                    return scanned.next().event(); // all valid: no rejection to skip
                }
            };
            Iterator<Tuple2<Integer, byte[]>> packed = EventChunks.pack(events, 8);
            while (packed.hasNext()) {
                chunks.consume(packed.next());
            }
        }
    }

    private void read(EventProjection projection, Blackhole verdicts) {
        for (String file : files) {
            ArchiveReader.read(file, projection, (ArchivedRecord record) ->
                    verdicts.consume(rules.evaluate(new AvroEventView(record.event()), record.position())));
        }
    }
}
