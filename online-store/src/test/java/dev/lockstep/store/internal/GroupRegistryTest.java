package dev.lockstep.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.GroupLayout;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class GroupRegistryTest {

    /**
     * The Redis script deletes tiles by index below the first live one: exactly the tiles that ended before
     * {@code now - retention}, including negative indexes and retentions that are not a multiple of the hop.
     */
    @Property(tries = 2_000)
    void aTileIsExpiredExactlyWhenItsIndexIsBelowTheFirstLiveIndex(
            @ForAll @LongRange(min = 1, max = 3_000_000_000L) long hop,
            @ForAll @LongRange(min = 0, max = 90_000_000_000L) long retention,
            @ForAll @LongRange(min = -5_000_000_000_000L, max = 5_000_000_000_000L) long now,
            @ForAll @LongRange(min = -3, max = 3) long offset) {
        GroupLayout layout = new GroupLayout("g", Duration.ofMillis(retention + hop), Map.of(hop, Duration.ofMillis(retention)));
        long firstLive = GroupRegistry.firstLiveIndex(layout, hop, now);
        TileKey tile = new TileKey(hop, firstLive + offset);

        assertThat(tile.endMillis() < now - retention).as("ended before now - retention").isEqualTo(offset < 0);
        assertThat(GroupRegistry.isExpired(layout, tile, now)).isEqualTo(offset < 0);
    }
}
