package dev.lockstep.streaming.internal;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.OnlineStore;
import dev.lockstep.store.TileWrite;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Per-task buffer of tile writes bound for the online store, registered as a (non-persistent, unlogged)
 * state store that Kafka Streams flushes on every commit before it commits the transaction: a tile
 * update is in Redis before the input offset that produced it is committed, so a crash can only make
 * Redis see a write again (skipped by the version guard), never miss one.
 *
 * <p>The hook is {@link CachedStateStore#flushCache()}, which {@code StreamTask.prepareCommit} calls on
 * every commit (Kafka Streams 4.3). The public {@code StateStore.flush/commit} are only called at
 * checkpoints, which under exactly-once happen rarely, so they cannot carry this. {@code CachedStateStore}
 * is an internal interface: {@code StreamingAppIT} would catch a Kafka upgrade that stops calling it.
 *
 * <p>A {@link CommitParticipant} (the source processor's {@link OpenTiles}) runs first on every such flush:
 * it writes the tiles dirtied since the last commit, once each, into the store, the tile topic and this
 * buffer, which is then written out; all of it before the offsets are committed.
 *
 * <p>Only the latest version of a tile is kept: the store wants absolute IRs, so earlier ones are moot.
 * Once it holds {@code batchSize} tiles, they are written in the background (one writer thread per buffer,
 * at most {@link #MAX_IN_FLIGHT} batches at a time) while the task goes on folding and encoding: a commit's
 * writes otherwise left the stream thread waiting for Redis for each batch in turn. A commit writes the
 * rest and waits for every batch, so all are in the store before the offsets are. A tile may then be written
 * by an earlier batch and again by a later one; the store's version guard keeps the newer. A batch that
 * fails (after the writer's retries) fails the next commit, its writes back in the buffer. After a
 * successful commit the flushed arrival watermark advances, which is what the heartbeat publishes.
 */
public final class OnlineStoreBuffer implements StateStore, CachedStateStore<Object, Object> {

    private record Id(String group, String entity, TileKey tile) {
    }

    /** A batch written in the background, kept until the commit has seen it succeed. */
    private record InFlight(List<TileWrite> writes, Future<?> done) {
    }

    /** Batches written in the background at once: bounds the memory they hold and how far writes run ahead. */
    static final int MAX_IN_FLIGHT = 4;

    /** Work tied to this buffer's commit cycle. */
    public interface CommitParticipant {
        /** Runs before the buffer is written out at a commit; may add writes. */
        void beforeCommit();

        /** The task is closed dirty: drop everything not committed. */
        void discard();
    }

    private final String name;
    private final RetryingTileWriter writer;
    private final int batchSize;
    private final Map<Id, TileWrite> pending = new LinkedHashMap<>();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private ExecutorService background;
    /** The first background batch that failed since the last commit: that commit fails with it. */
    private RuntimeException backgroundFailure;
    private long pendingWatermark = Long.MIN_VALUE;
    private long flushedWatermark = Long.MIN_VALUE;
    private boolean open;
    private String task;
    private CommitParticipant participant;

    public OnlineStoreBuffer(String name, OnlineStore store, int batchSize, Duration retryTimeout) {
        this.name = name;
        this.writer = new RetryingTileWriter(store, retryTimeout);
        this.batchSize = batchSize;
        this.task = name;
    }

    /**
     * Buffers a tile write; a full batch starts being written in the background. Only a commit, which waits
     * for every write, advances the flushed watermark: it must not run ahead of the tiles in the store.
     */
    public void add(TileWrite write, long arrival) {
        pending.put(id(write), write);
        processed(arrival);
        if (pending.size() >= batchSize) {
            writeInBackground();
        }
    }

    private static Id id(TileWrite write) {
        return new Id(write.group(), write.entityKey(), write.tile());
    }

    /** Records that a record that arrived at {@code arrival} has been processed, also when it wrote no tile. */
    public void advanceWatermark(long arrival) {
        processed(arrival);
    }

    /**
     * A partition's arrivals (LogAppendTime) never decrease, but have millisecond resolution: a burst puts
     * many records in one millisecond, and the next of them may still be unprocessed. So a processed
     * record completes only the milliseconds before its own; claiming its own would let serving call a
     * read at that time caught up while it misses events (the parity suite caught exactly this).
     */
    private void processed(long arrival) {
        pendingWatermark = Math.max(pendingWatermark, arrival - 1);
    }

    /** Restores the watermark a previous run of this task had flushed (its writes are in the store). */
    public void restoreWatermark(long flushed) {
        pendingWatermark = Math.max(pendingWatermark, flushed);
        flushedWatermark = Math.max(flushedWatermark, flushed);
    }

    /**
     * The latest arrival time up to which (inclusive) every record's tile writes are in the online store,
     * or {@code Long.MIN_VALUE}: one millisecond before the last processed record's arrival.
     */
    public long flushedWatermark() {
        return flushedWatermark;
    }

    /** Sets (or, with null, removes) the participant of this task's commits. */
    public void participate(CommitParticipant commitParticipant) {
        this.participant = commitParticipant;
    }

    /** Called by Kafka Streams before every commit: flushes the participant, writes the buffer out, or fails the commit. */
    @Override
    public void flushCache() {
        if (participant != null) {
            participant.beforeCommit();
        }
        writeOut();
    }

    /** Called when a task is closed dirty: its uncommitted input will be reprocessed, so drop the buffer. */
    @Override
    public void clearCache() {
        if (participant != null) {
            participant.discard();
        }
        pending.clear();
        // Batches still being written hold uncommitted input's tiles: the replay writes the same versions again.
        inFlight.clear();
        backgroundFailure = null;
        pendingWatermark = flushedWatermark;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    /** Called at checkpoints and on close; normally the buffer is already empty by then. */
    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeOut();
    }

    /** Hands the buffered writes to the background writer, first waiting for the oldest batch if enough are out. */
    private void writeInBackground() {
        while (inFlight.size() >= MAX_IN_FLIGHT) {
            awaitOldest();
        }
        List<TileWrite> writes = new ArrayList<>(pending.values());
        pending.clear();
        if (background == null) {
            background = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "lockstep-online-store-writer-" + task);
                thread.setDaemon(true);
                return thread;
            });
        }
        inFlight.add(new InFlight(writes, background.submit(() -> writer.write(writes, task))));
    }

    /**
     * Waits for the oldest background batch. If it failed (after the writer's retries, so within the retry
     * timeout as a write at the commit would), its writes go back into the buffer (unless a newer version of
     * the same tile is there), and the next commit fails with that failure: nothing is lost, and a Redis outage fails a
     * commit no later than it did when the commit wrote everything itself.
     */
    private void awaitOldest() {
        InFlight oldest = inFlight.poll();
        try {
            oldest.done().get();
        } catch (ExecutionException e) {
            requeue(oldest.writes());
            if (backgroundFailure == null) {
                backgroundFailure = e.getCause() instanceof RuntimeException failure ? failure
                        : new IllegalStateException("writing " + oldest.writes().size() + " tiles of " + task
                                + " failed", e.getCause());
            }
        } catch (InterruptedException e) {
            requeue(oldest.writes());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + oldest.writes().size() + " tiles of " + task, e);
        }
    }

    /**
     * Puts a failed batch's writes back into the buffer, each unless the buffer holds a newer version of its tile:
     * it may already hold a version of the same tile put back from an earlier failed batch, or buffered since.
     */
    private void requeue(List<TileWrite> writes) {
        for (TileWrite write : writes) {
            pending.merge(id(write), write, (buffered, failed) -> failed.version() > buffered.version() ? failed : buffered);
        }
    }

    /**
     * Waits for the background batches, then writes the rest: all in the store, or it throws (a background batch
     * that failed since the last commit fails this one, with its writes back in the buffer).
     */
    private void writeOut() {
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
        if (backgroundFailure != null) {
            RuntimeException failure = backgroundFailure;
            backgroundFailure = null;
            throw failure;
        }
        if (!pending.isEmpty()) {
            List<TileWrite> writes = new ArrayList<>(pending.values());
            // One pipelined round per batch: the store's command timeout bounds a whole round.
            for (int from = 0; from < writes.size(); from += batchSize) {
                // Throws, after retries, with the buffer intact: the commit fails and nothing is lost (the
                // batches already written are skipped as not newer when the commit is retried).
                writer.write(writes.subList(from, Math.min(writes.size(), from + batchSize)), task);
            }
            pending.clear();
        }
        flushedWatermark = pendingWatermark;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Nothing to restore: the buffer is rebuilt by reprocessing uncommitted input.
        context.register(root, (key, value) -> { });
        task = name + " of task " + context.taskId();
        open = true;
    }

    @Override
    public void close() {
        open = false;
        if (background != null) {
            background.shutdownNow();
            background = null;
        }
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
