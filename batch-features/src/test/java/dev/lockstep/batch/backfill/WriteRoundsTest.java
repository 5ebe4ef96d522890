package dev.lockstep.batch.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.batch.recompute.RecomputedTile;
import dev.lockstep.store.TileWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WriteRoundsTest {

    /**
     * Entities come one after another, each with {@code runs[i]} tiles (alternating between two groups, so
     * the same entity name in two groups is two keys).
     */
    @Property(tries = 500)
    void shouldCutRoundsOfAtLeastTheTargetBetweenEntitiesUnlessOneEntityFillsTheMax(
            @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 40) Integer> runs,
            @ForAll @IntRange(min = 1, max = 10) int target,
            @ForAll @IntRange(min = 0, max = 15) int extra) {
        int max = target + extra;
        List<RecomputedTile> tiles = new ArrayList<>();
        for (int e = 0; e < runs.size(); e++) {
            for (int t = 0; t < runs.get(e); t++) {
                tiles.add(tile(e % 2 == 0 ? "g1" : "g2", "card-" + (e / 2), t));
            }
        }

        List<List<TileWrite>> rounds = new ArrayList<>();
        new WriteRounds(tiles.iterator(), target, max).forEachRemaining(rounds::add);

        assertThat(rounds.stream().flatMap(List::stream).map(WriteRoundsTest::id).toList())
                .as("every tile once, in order").isEqualTo(tiles.stream().map(WriteRoundsTest::id).toList());
        for (int r = 0; r < rounds.size(); r++) {
            List<TileWrite> round = rounds.get(r);
            assertThat(round).isNotEmpty().hasSizeLessThanOrEqualTo(max);
            if (r < rounds.size() - 1) {
                assertThat(round).hasSizeGreaterThanOrEqualTo(target);
                TileWrite last = round.get(round.size() - 1);
                TileWrite next = rounds.get(r + 1).get(0);
                if (last.group().equals(next.group()) && last.entityKey().equals(next.entityKey())) {
                    assertThat(round).as("an entity is split only by a full round").hasSize(max);
                }
            }
        }
    }

    @Test
    void shouldKeepATileItsVersionAndBytes() {
        RecomputedTile tile = new RecomputedTile("g", "card-1", 3_600_000L, 7, new byte[] {1, 2}, 5, true, true);

        List<TileWrite> round = new WriteRounds(List.of(tile).iterator(), 1, 1).next();

        assertThat(round).singleElement().satisfies(write -> {
            assertThat(write.tile()).isEqualTo(tile.tileKey());
            assertThat(write.version()).isEqualTo(5);
            assertThat(write.irBytes()).containsExactly(1, 2);
        });
    }

    @Test
    void shouldHaveNoRoundForNoTilesAndRefuseBadSizes() {
        WriteRounds none = new WriteRounds(List.<RecomputedTile>of().iterator(), 10, 20);
        assertThat(none.hasNext()).isFalse();
        assertThatThrownBy(none::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> new WriteRounds(List.<RecomputedTile>of().iterator(), 10, 5))
                .hasMessage("Invalid round sizes 10..5: need 1 <= target <= max");
    }

    private static RecomputedTile tile(String group, String entity, long index) {
        return new RecomputedTile(group, entity, 300_000L, index, new byte[] {(byte) index}, 1, true, true);
    }

    private static String id(RecomputedTile tile) {
        return tile.group() + "/" + tile.entity() + "/" + tile.index();
    }

    private static String id(TileWrite write) {
        return write.group() + "/" + write.entityKey() + "/" + write.tile().index();
    }
}
