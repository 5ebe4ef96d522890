package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.archive.ArchiveReader;
import dev.lockstep.batch.bench.BenchArchive;
import dev.lockstep.batch.recompute.ArchiveRange;
import dev.lockstep.batch.recompute.SpecHandle;
import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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

/**
 * What numbering the entity keys of the shuffle chunks costs a scan task ({@link EventChunks}): the scan
 * of an archive of {@value #EVENTS} example transactions alone ({@code scanOnly}), then with every event's
 * key numbered per partition by {@link EntityNumbers} or by the {@code HashMap<String, Integer>} it
 * replaced, each partition's numbers cleared after {@value #EVENTS_PER_CHUNK} of its events (a chunk: 1 MiB
 * at about 60 bytes per event). Inside the scan, as in a task, since what the map suffers from is the
 * scan's garbage pushing its entries out of the CPU caches. Nanoseconds per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(EntityNumbersBenchmark.EVENTS)
public class EntityNumbersBenchmark {

    static final int EVENTS = 400_000;
    static final int PARTITIONS = 8;
    static final int EVENTS_PER_CHUNK = 17_000;
    private static final SpecHandle SPEC = SpecHandle.ofResource("examples/fraud/features.yaml");
    private static final ArchiveRange RANGE = new ArchiveRange(BenchArchive.START - 24 * 60 * BenchArchive.MINUTE,
            BenchArchive.START + 2 * 24 * 60 * BenchArchive.MINUTE);

    private Path dir;
    private List<String> files;

    @Setup(Level.Trial)
    public void writeArchive() throws IOException {
        dir = Files.createTempDirectory("numbers-bench");
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
    public void scanOnly(Blackhole keys) {
        for (String file : files) {
            Iterator<Scanned> scanned = ArchiveScan.scanFile(SPEC, "transactions", file, RANGE, 0, false);
            while (scanned.hasNext()) {
                String key = scanned.next().event().entityKey();
                keys.consume(EventChunks.partitionOf(key, PARTITIONS));
            }
        }
    }

    @Benchmark
    public void scanAndNumberByEntityNumbers(Blackhole numbers) {
        EntityNumbers[] named = new EntityNumbers[PARTITIONS];
        int[] inChunk = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            named[p] = new EntityNumbers();
        }
        for (String file : files) {
            Iterator<Scanned> scanned = ArchiveScan.scanFile(SPEC, "transactions", file, RANGE, 0, false);
            while (scanned.hasNext()) {
                String key = scanned.next().event().entityKey();
                int p = EventChunks.partitionOf(key, PARTITIONS);
                numbers.consume(named[p].numberOrAdd(key, key.hashCode()));
                if (++inChunk[p] == EVENTS_PER_CHUNK) {
                    named[p].clear();
                    inChunk[p] = 0;
                }
            }
        }
    }

    @Benchmark
    public void scanAndNumberByHashMap(Blackhole numbers) {
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] named = new Map[PARTITIONS];
        int[] inChunk = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            named[p] = new HashMap<>();
        }
        for (String file : files) {
            Iterator<Scanned> scanned = ArchiveScan.scanFile(SPEC, "transactions", file, RANGE, 0, false);
            while (scanned.hasNext()) {
                String key = scanned.next().event().entityKey();
                int p = EventChunks.partitionOf(key, PARTITIONS);
                Integer number = named[p].get(key);
                if (number == null) {
                    named[p].put(key, named[p].size() + 1);
                }
                numbers.consume(number == null ? 0 : number);
                if (++inChunk[p] == EVENTS_PER_CHUNK) {
                    named[p].clear();
                    inChunk[p] = 0;
                }
            }
        }
    }
}
