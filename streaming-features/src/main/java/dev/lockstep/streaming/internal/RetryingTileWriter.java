package dev.lockstep.streaming.internal;

import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.RedisUnavailableException;
import dev.lockstep.store.TileWrite;
import dev.lockstep.store.WriteReport;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes tiles to the online store, retrying with exponential backoff (50 ms doubling to 1 s) while it
 * is unreachable, for at most {@code retryTimeout}; then the failure propagates and fails the commit.
 * Retrying is safe because writes are absolute IRs guarded by version: a write that did land before the
 * connection dropped is skipped as not newer the second time.
 */
final class RetryingTileWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingTileWriter.class);
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 1_000;

    private final OnlineStore store;
    private final Duration retryTimeout;

    RetryingTileWriter(OnlineStore store, Duration retryTimeout) {
        this.store = store;
        this.retryTimeout = retryTimeout;
    }

    /** Writes all tiles or throws; {@code what} names the task for log and error messages. */
    WriteReport write(List<TileWrite> writes, String what) {
        long deadline = System.nanoTime() + retryTimeout.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return store.writeTiles(writes);
            } catch (RedisUnavailableException e) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left < backoff) {
                    throw new RedisUnavailableException("online store still unreachable after " + attempt
                            + " attempts over " + retryTimeout + " writing " + writes.size() + " tiles of " + what
                            + "; the commit fails and the task resumes from its last commit: " + e.getMessage(), e);
                }
                LOG.warn("online store unreachable writing {} tiles of {} (attempt {}), retrying in {} ms: {}",
                        writes.size(), what, attempt, backoff, e.getMessage());
                sleep(backoff, what);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private static void sleep(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry the online store write of " + what, e);
        }
    }
}
