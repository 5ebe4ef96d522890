package dev.lockstep.features.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.accept.AcceptedEvent;
import dev.lockstep.features.event.EventOrder;
import dev.lockstep.features.oracle.TestSpecs;
import dev.lockstep.features.tile.Hop;
import dev.lockstep.features.tile.TileKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TileFolderTest {

    private static final SourcePlan PLAN = SourcePlan.compile(TestSpecs.everyAggregation(), TestSpecs.SOURCE);
    private static final GroupPlan GROUP = PLAN.group(TestSpecs.GROUP);

    @Test
    void shouldFoldEventsOnEitherSideOfEveryTileBoundaryIntoTheirOwnTiles() {
        long boundary = 1_763_000_000_000L / Hop.ONE_DAY * Hop.ONE_DAY; // a boundary of every hop at once
        List<Long> times = List.of(boundary - 1, boundary, boundary + Hop.FIVE_MINUTES - 1, boundary + Hop.FIVE_MINUTES,
                boundary - 1, boundary + Hop.ONE_HOUR, boundary + Hop.ONE_HOUR - 1, boundary - Hop.ONE_DAY, boundary);

        assertThat(fold(times)).isEqualTo(foldTileByTile(times));
    }

    @Test
    void shouldFoldEventsAtTheEndsOfTimeIntoTheirOwnTiles() {
        long first = Long.MIN_VALUE + 1;
        // index * hop of the first event's tile wraps around to a large positive number: an event there
        // belongs to a tile at the other end of time, never to the first one.
        long wrappedStart = Math.floorDiv(first, Hop.FIVE_MINUTES) * Hop.FIVE_MINUTES;
        List<Long> times = List.of(first, wrappedStart, wrappedStart + 1, Long.MAX_VALUE, first);

        Map<TileKey, String> tiles = fold(times);

        assertThat(tiles).isEqualTo(foldTileByTile(times));
        assertThat(tiles).containsKeys(TileKey.containing(Hop.FIVE_MINUTES, first),
                TileKey.containing(Hop.FIVE_MINUTES, wrappedStart), TileKey.containing(Hop.FIVE_MINUTES, Long.MAX_VALUE));
    }

    @Test
    void shouldCountTheEventsFoldedIntoEachTileAlsoAcrossMerges() {
        long boundary = 1_763_000_000_000L / Hop.ONE_DAY * Hop.ONE_DAY;
        List<AcceptedEvent> events = events(List.of(boundary - 1, boundary, boundary + 1, boundary + Hop.ONE_HOUR,
                boundary - 1));
        TileFolder left = new TileFolder(GROUP);
        events.subList(0, 3).forEach(left::add);
        TileFolder right = new TileFolder(GROUP);
        events.subList(3, 5).forEach(right::add);

        left.merge(right);

        assertThat(left.eventCount(TileKey.containing(Hop.FIVE_MINUTES, boundary - 1))).isEqualTo(2);
        assertThat(left.eventCount(TileKey.containing(Hop.FIVE_MINUTES, boundary))).isEqualTo(2);
        assertThat(left.eventCount(TileKey.containing(Hop.FIVE_MINUTES, boundary + Hop.ONE_HOUR))).isEqualTo(1);
        assertThat(left.eventCount(TileKey.containing(Hop.ONE_HOUR, boundary))).isEqualTo(2);
        assertThat(left.eventCount(TileKey.containing(Hop.ONE_HOUR, boundary + Hop.ONE_HOUR))).isEqualTo(1);
        assertThat(left.eventCount(TileKey.containing(Hop.ONE_DAY, boundary - 1))).isEqualTo(2);
        assertThat(left.eventCount(TileKey.containing(Hop.ONE_DAY, boundary))).isEqualTo(3);
        assertThat(left.eventCount(TileKey.containing(Hop.ONE_DAY, boundary + Hop.ONE_DAY))).isZero();
    }

    private static Map<TileKey, String> fold(List<Long> times) {
        TileFolder folder = new TileFolder(GROUP);
        events(times).forEach(folder::add);
        return hex(folder.encodedTiles());
    }

    /** Tile bytes as hex, so that maps of tiles compare by content. */
    private static Map<TileKey, String> hex(Map<TileKey, byte[]> tiles) {
        Map<TileKey, String> hex = new TreeMap<>();
        tiles.forEach((tile, bytes) -> hex.put(tile, HexFormat.of().formatHex(bytes)));
        return hex;
    }

    /** The reference way: every tile of every event through {@link GroupPlan#tilesFor} and {@link GroupPlan#fold}. */
    private static Map<TileKey, String> foldTileByTile(List<Long> times) {
        Map<TileKey, Object[]> tiles = new TreeMap<>();
        for (AcceptedEvent event : events(times)) {
            for (TileKey tile : GROUP.tilesFor(event.eventTime())) {
                GROUP.fold(tile, tiles.computeIfAbsent(tile, GROUP::emptyIrs), event);
            }
        }
        Map<TileKey, byte[]> encoded = new TreeMap<>();
        tiles.forEach((tile, irs) -> encoded.put(tile, GROUP.encode(tile, irs)));
        return hex(encoded);
    }

    private static List<AcceptedEvent> events(List<Long> times) {
        List<String> columns = PLAN.columns();
        return java.util.stream.IntStream.range(0, times.size()).mapToObj(i -> {
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = switch (columns.get(c)) {
                    case "amount" -> 1.5 * i;
                    case "qty" -> (long) i;
                    default -> "v" + i;
                };
            }
            long time = times.get(i);
            return new AcceptedEvent("e", new EventOrder(time, time, 0, i), "id" + i, values);
        }).toList();
    }
}
