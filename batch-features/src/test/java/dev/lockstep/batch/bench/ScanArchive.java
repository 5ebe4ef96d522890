package dev.lockstep.batch.bench;

import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.internal.ArchiveScan;
import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import dev.lockstep.batch.recompute.internal.EventRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The scan benchmarks' archive (JMH state): {@value #EVENTS} example transactions of the shape of
 * {@link RecomputeBenchmark}'s, written to a temporary directory for a trial and deleted after it.
 */
@State(Scope.Benchmark)
public class ScanArchive {

    public static final int EVENTS = 400_000;
    public static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    public static final String SOURCE = "transactions";
    /** Around the whole archive: every record is in range. */
    public static final ArchiveRange RANGE = new ArchiveRange(BenchArchive.START - 24 * 60 * BenchArchive.MINUTE,
            BenchArchive.START + 2 * 24 * 60 * BenchArchive.MINUTE);

    private Path dir;
    private List<String> files;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("scan-bench");
        BenchArchive.write(dir, SPEC.plan(SOURCE).source().schema(), EVENTS, 50_000, 20);
        files = ArchiveReader.listFiles(dir.toString());
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        deleteDirectory(dir);
    }

    /** A benchmark archive file's events, as the recompute's scan reads them (all valid: none to skip). */
    public static Iterator<EventRow> acceptedEvents(String file) {
        Iterator<Scanned> scanned = ArchiveScan.scanFile(SPEC, SOURCE, file, RANGE, 0, false);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return scanned.hasNext();
            }

            @Override
            public EventRow next() {
                return scanned.next().event();
            }
        };
    }

    /** Deletes a directory and everything in it. */
    public static void deleteDirectory(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The archive's files. */
    public List<String> files() {
        return files;
    }
}
