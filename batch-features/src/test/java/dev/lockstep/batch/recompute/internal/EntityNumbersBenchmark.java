package dev.lockstep.batch.recompute.internal;

import dev.lockstep.batch.bench.ScanArchive;
import dev.lockstep.batch.recompute.internal.ArchiveScan.Scanned;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What numbering the entity keys of the shuffle chunks costs a scan task ({@link EventChunks}): the scan
 * of the {@link ScanArchive} alone ({@code scanOnly}), then with every event's
 * key numbered per partition by {@link EntityNumbers} or by the {@code HashMap<String, Integer>} it
 * replaced, each partition's numbers cleared after {@value #EVENTS_PER_CHUNK} of its events (a little under
 * a chunk: 1 MiB holds ~22,000 of these events). Inside the scan, as in a task, since what the map suffers from is the
 * scan's garbage pushing its entries out of the CPU caches. Nanoseconds per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ScanArchive.EVENTS)
public class EntityNumbersBenchmark {

    static final int PARTITIONS = 8;
    static final int EVENTS_PER_CHUNK = 17_000;

    @Benchmark
    public void scanOnly(ScanArchive archive, Blackhole keys) {
        for (String file : archive.files()) {
            Iterator<Scanned> scanned = scan(file);
            while (scanned.hasNext()) {
                String key = scanned.next().event().entityKey();
                keys.consume(EventChunks.partitionOf(key, PARTITIONS));
            }
        }
    }

    @Benchmark
    public void scanAndNumberByEntityNumbers(ScanArchive archive, Blackhole numbers) {
        EntityNumbers[] named = new EntityNumbers[PARTITIONS];
        int[] inChunk = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            named[p] = new EntityNumbers();
        }
        for (String file : archive.files()) {
            Iterator<Scanned> scanned = scan(file);
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
    public void scanAndNumberByHashMap(ScanArchive archive, Blackhole numbers) {
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] named = new Map[PARTITIONS];
        int[] inChunk = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            named[p] = new HashMap<>();
        }
        for (String file : archive.files()) {
            Iterator<Scanned> scanned = scan(file);
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

    private static Iterator<Scanned> scan(String file) {
        return ArchiveScan.scanFile(ScanArchive.SPEC, ScanArchive.SOURCE, file, ScanArchive.RANGE, 0, false);
    }
}
