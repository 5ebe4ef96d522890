package dev.lockstep.streaming.internal;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.event.RecordPosition;
import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.TileWrite;
import dev.lockstep.streaming.TileRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds accepted events into the open tiles of a task's state store. The store value is a
 * {@link TileRecord} value: the tile's update counter (its version) and its absolute IR bytes. The
 * counter lives in the changelogged store, so a replay after a crash restores it and reproduces the
 * same (version, bytes) pairs, which the online store then skips as not newer.
 */
final class TileFolding {

    private final Map<String, GroupPlan> groups;
    private final KeyValueStore<Bytes, byte[]> tiles;
    private final OnlineStoreBuffer buffer;

    TileFolding(List<GroupPlan> groups, KeyValueStore<Bytes, byte[]> tiles, OnlineStoreBuffer buffer) {
        this.groups = groups.stream().collect(Collectors.toMap(GroupPlan::name, Function.identity()));
        this.tiles = tiles;
        this.buffer = buffer;
    }

    /** Folds one accepted event into its tile of every hop of every streamed group; returns the new tiles. */
    List<TileRecord> fold(AcceptedEvent event, RecordPosition position) {
        List<TileRecord> updates = new ArrayList<>();
        for (GroupPlan plan : groups.values()) {
            for (TileKey tile : plan.tilesFor(event.eventTime())) {
                if (plan.isClosed(tile, event.arrival())) {
                    // Acceptance bounds lateness, so this is a bug, not bad input: fail the task loudly.
                    throw new IllegalStateException("accepted event at " + position + " would update tile " + tile
                            + " of group " + plan.name() + ", which is closed at its arrival");
                }
                Bytes key = Bytes.wrap(TileRecord.key(plan.name(), event.entityKey(), tile));
                byte[] stored = tiles.get(key);
                long version = 0;
                Object[] irs;
                if (stored == null) {
                    irs = plan.emptyIrs(tile);
                } else {
                    TileRecord previous = TileRecord.decode(key.get(), stored);
                    version = previous.version();
                    irs = plan.decode(tile, previous.irBytes());
                }
                plan.fold(tile, irs, event);
                TileRecord updated = new TileRecord(plan.name(), event.entityKey(), tile, version + 1, plan.encode(tile, irs));
                tiles.put(key, updated.valueBytes());
                buffer.add(new TileWrite(plan.name(), event.entityKey(), tile, updated.version(), updated.irBytes()),
                        event.arrival());
                updates.add(updated);
            }
        }
        return updates;
    }

    /** Drops the tiles closed at this arrival watermark: no accepted event can reach them any more. */
    int dropClosed(long arrivalWatermark) {
        List<Bytes> closed = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = tiles.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                TileRecord tile = TileRecord.decode(entry.key.get(), entry.value);
                GroupPlan plan = groups.get(tile.group());
                // A group no longer streamed leaves its tiles behind: they are dropped too.
                if (plan == null || plan.isClosed(tile.tile(), arrivalWatermark)) {
                    closed.add(entry.key);
                }
            }
        }
        closed.forEach(tiles::delete);
        return closed.size();
    }
}
