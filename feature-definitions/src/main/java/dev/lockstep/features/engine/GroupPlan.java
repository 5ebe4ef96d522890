package dev.lockstep.features.engine;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.agg.Aggregator;
import dev.lockstep.features.agg.TileCodec;
import dev.lockstep.features.event.EventOrder;
import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.spec.FeatureGroupSpec;
import dev.lockstep.features.spec.SourceSpec;
import dev.lockstep.features.tile.Hop;
import dev.lockstep.features.tile.TileKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one feature group is tiled and read. Features are grouped by hop: every hop has one tile per
 * index, holding the IRs of the group's features with that hop, in spec order ("slots"). An accepted
 * event updates exactly one tile per hop. Both engines fold events through {@link #fold}, and serving and
 * training sets read through {@link WindowRead}; nothing else interprets tiles.
 */
public final class GroupPlan {

    private final FeatureGroupSpec group;
    private final long latenessMillis;
    private final long[] hops;
    private final TileCodec[] codecs;
    /** Per hop, per slot: the codec's aggregators as an array, for the fold loop (no list, no bounds check). */
    private final Aggregator<Object>[][] aggregatorsBySlot;
    /** Per hop, per slot: index into the accepted event's column values, or -1 for a count of events. */
    private final int[][] columnIndexBySlot;
    /** Per hop, per slot: the feature's window in millis. */
    private final long[][] windowBySlot;
    /** Per feature in spec order: {hop index, slot}. */
    private final int[][] location;

    GroupPlan(FeatureGroupSpec group, SourceSpec source, List<String> sourceColumns) {
        this.group = group;
        this.latenessMillis = source.allowedLateness().toMillis();
        TreeMap<Long, List<FeatureDefinition>> byHop = new TreeMap<>();
        for (FeatureDefinition feature : group.features()) {
            byHop.computeIfAbsent(Hop.forWindow(feature.window()), hop -> new ArrayList<>()).add(feature);
        }
        this.hops = byHop.keySet().stream().mapToLong(Long::longValue).toArray();
        this.codecs = new TileCodec[hops.length];
        @SuppressWarnings("unchecked") // a generic array: each slot's IR only ever meets its own aggregator
        Aggregator<Object>[][] aggregators = new Aggregator[hops.length][];
        this.aggregatorsBySlot = aggregators;
        this.columnIndexBySlot = new int[hops.length][];
        this.windowBySlot = new long[hops.length][];
        this.location = new int[group.features().size()][];
        int hopIndex = 0;
        for (List<FeatureDefinition> features : byHop.values()) {
            codecs[hopIndex] = new TileCodec(features);
            aggregatorsBySlot[hopIndex] = codecs[hopIndex].aggregators().toArray(Aggregator[]::new);
            columnIndexBySlot[hopIndex] = new int[features.size()];
            windowBySlot[hopIndex] = new long[features.size()];
            for (int slot = 0; slot < features.size(); slot++) {
                FeatureDefinition feature = features.get(slot);
                columnIndexBySlot[hopIndex][slot] = feature.column().map(sourceColumns::indexOf).orElse(-1);
                windowBySlot[hopIndex][slot] = feature.window().toMillis();
                location[group.features().indexOf(feature)] = new int[] {hopIndex, slot};
            }
            hopIndex++;
        }
    }

    public String name() {
        return group.name();
    }

    public FeatureGroupSpec spec() {
        return group;
    }

    public List<FeatureDefinition> features() {
        return group.features();
    }

    /** The distinct hops of the group's features, ascending. */
    public long[] hops() {
        return hops.clone();
    }

    int hopCount() {
        return hops.length;
    }

    long hop(int hopIndex) {
        return hops[hopIndex];
    }

    int hopIndexOf(long hopMillis) {
        int index = Arrays.binarySearch(hops, hopMillis);
        if (index < 0) {
            throw new IllegalArgumentException("group " + group.name() + " has no tiles of hop " + hopMillis
                    + " ms; its hops are " + Arrays.toString(hops));
        }
        return index;
    }

    TileCodec codec(int hopIndex) {
        return codecs[hopIndex];
    }

    long window(int hopIndex, int slot) {
        return windowBySlot[hopIndex][slot];
    }

    int[] location(int featureIndex) {
        return location[featureIndex];
    }

    /** The codec of the tiles of the given hop. */
    public TileCodec codecFor(long hopMillis) {
        return codecs[hopIndexOf(hopMillis)];
    }

    /**
     * The group's tile format: each hop with its codec's {@link TileCodec#format}, as
     * {@code 3600000=v1:1a2b3c4d,5e6f7a8b 86400000=v1:...}. Tiles stored under one format (an offline
     * table, say) can be read, merged and served by a plan of the same format, and by no other: a feature
     * added, removed, reordered or redefined changes it.
     */
    public String tileFormat() {
        StringBuilder format = new StringBuilder();
        for (int h = 0; h < hops.length; h++) {
            format.append(h == 0 ? "" : " ").append(hops[h]).append('=').append(codecs[h].format());
        }
        return format.toString();
    }

    /** The tiles an event with this event time updates: one per hop. */
    public List<TileKey> tilesFor(long eventTimeMillis) {
        List<TileKey> tiles = new ArrayList<>(hops.length);
        for (long hop : hops) {
            tiles.add(TileKey.containing(hop, eventTimeMillis));
        }
        return tiles;
    }

    /** New empty IRs for a tile of the given hop. */
    public Object[] emptyIrs(TileKey tile) {
        return codecs[hopIndexOf(tile.hopMillis())].emptyIrs();
    }

    /**
     * Folds an accepted event into the IRs of one of its tiles (see {@link #tilesFor}). Null column values
     * are skipped by the features that read them; a count without a column counts every event.
     */
    public void fold(TileKey tile, Object[] irs, AcceptedEvent event) {
        if (tile.index() != Math.floorDiv(event.eventTime(), tile.hopMillis())) {
            throw new IllegalArgumentException("event " + event + " does not belong to tile " + tile);
        }
        foldIntoHop(hopIndexOf(tile.hopMillis()), irs, event);
    }

    /** {@link #fold} for a caller that derived the tile from the hop index itself (no lookup, no check). */
    void foldIntoHop(int hopIndex, Object[] irs, AcceptedEvent event) {
        Aggregator<Object>[] aggregators = aggregatorsBySlot[hopIndex];
        int[] columns = columnIndexBySlot[hopIndex];
        Object[] values = event.columnValues();
        EventOrder order = event.order();
        for (int slot = 0; slot < columns.length; slot++) {
            Object value = columns[slot] < 0 ? Boolean.TRUE : values[columns[slot]];
            if (value != null) {
                aggregators[slot].update(irs[slot], value, order);
            }
        }
    }

    /** Merges the IRs of one tile into another of the same hop (e.g. partial tiles from parallel batch tasks). */
    public void merge(TileKey tile, Object[] into, Object[] from) {
        List<Aggregator<Object>> aggregators = codecs[hopIndexOf(tile.hopMillis())].aggregators();
        for (int slot = 0; slot < into.length; slot++) {
            aggregators.get(slot).merge(into[slot], from[slot]);
        }
    }

    public byte[] encode(TileKey tile, Object[] irs) {
        return codecs[hopIndexOf(tile.hopMillis())].encode(irs);
    }

    public Object[] decode(TileKey tile, byte[] bytes) {
        return codecs[hopIndexOf(tile.hopMillis())].decode(bytes);
    }

    /**
     * Whether a tile is closed at the given arrival time: no accepted event can land in it any more, since
     * every accepted event has {@code arrival <= event_time + allowed_lateness < end + allowed_lateness}.
     * A closed tile's contents are final; it holds exactly the events with arrival before this time.
     */
    public boolean isClosed(TileKey tile, long arrivalMillis) {
        return arrivalMillis >= closesAt(tile);
    }

    /** The arrival time from which a tile is closed ({@link #isClosed}): its end plus the allowed lateness. */
    public long closesAt(TileKey tile) {
        return tile.endMillis() + latenessMillis;
    }

    /**
     * For each hop, how long after its end a tile can still be read: the longest window using that hop
     * plus one hop (the quantized tail). Older tile fields can be deleted.
     */
    public Map<Long, Duration> retentionByHop() {
        Map<Long, Duration> retention = new LinkedHashMap<>();
        for (int h = 0; h < hops.length; h++) {
            long longest = Arrays.stream(windowBySlot[h]).max().orElse(0);
            retention.put(hops[h], Duration.ofMillis(longest + hops[h]));
        }
        return retention;
    }

    /**
     * How long an entity's key must live after its last write: the longest window, plus a hop, plus the
     * allowed lateness (the last tile can still change that long after its end).
     */
    public Duration keyTtl() {
        long longest = 0;
        for (int h = 0; h < hops.length; h++) {
            long retention = Arrays.stream(windowBySlot[h]).max().orElse(0) + hops[h];
            longest = Math.max(longest, retention);
        }
        return Duration.ofMillis(longest + latenessMillis);
    }
}
