package dev.lockstep.store.internal;

import dev.lockstep.store.WriteReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.function.Supplier;

/**
 * The store's meters, tagged with the implementation ({@code redis} or {@code memory}). Without a
 * registry the meters are no-ops (an empty composite registry), so the code has one path.
 */
public final class StoreMetrics {

    private final Timer writeLatency;
    private final Timer readLatency;
    private final Counter written;
    private final Counter notNewer;
    private final Counter expired;
    private final Counter removed;

    public StoreMetrics(MeterRegistry registry, String store) {
        MeterRegistry meters = registry != null ? registry : new CompositeMeterRegistry();
        writeLatency = Timer.builder("lockstep.store.write").tag("store", store)
                .description("Latency of one writeTiles call (one pipelined round)")
                .publishPercentileHistogram().register(meters);
        readLatency = Timer.builder("lockstep.store.read").tag("store", store)
                .description("Latency of one readTiles call (one pipelined round)")
                .publishPercentileHistogram().register(meters);
        written = tiles(meters, store, "written");
        notNewer = tiles(meters, store, "skipped_not_newer");
        expired = tiles(meters, store, "skipped_expired");
        removed = tiles(meters, store, "removed_expired");
    }

    private static Counter tiles(MeterRegistry meters, String store, String outcome) {
        return Counter.builder("lockstep.store.tiles").tag("store", store).tag("outcome", outcome)
                .description("Tiles by what the store did with them").register(meters);
    }

    public <T> T timeWrite(Supplier<T> write) {
        return writeLatency.record(write);
    }

    public <T> T timeRead(Supplier<T> read) {
        return readLatency.record(read);
    }

    public void recordWrite(WriteReport report, long removedTiles) {
        written.increment(report.written());
        notNewer.increment(report.skippedAsNotNewer());
        expired.increment(report.skippedAsExpired());
        removed.increment(removedTiles);
    }

    public void recordRemoved(long removedTiles) {
        removed.increment(removedTiles);
    }
}
