package dev.lockstep.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.GroupLayout;
import dev.lockstep.store.OnlineStoreException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The registry's precomputed view of a layout answers exactly as the layout itself does. */
class RegisteredGroupTest {

    private static final GroupLayout LAYOUT = new GroupLayout("card.txn-v2", Duration.ofDays(32), Map.of(
            300_000L, Duration.ofMinutes(65), 3_600_000L, Duration.ofHours(25), 86_400_000L, Duration.ofDays(31)));
    private static final RegisteredGroup GROUP = new GroupRegistry(List.of(LAYOUT)).registered("card.txn-v2");

    @Property(tries = 1_000)
    void eachHopsFirstLiveIndexAndExpiryAreTheLayouts(@ForAll @IntRange(min = 0, max = 2) int position,
            @ForAll @LongRange(min = -5_000_000_000_000L, max = 5_000_000_000_000L) long now,
            @ForAll @LongRange(min = -3, max = 3) long offset) {
        long hop = GROUP.hop(position);
        long firstLive = GroupRegistry.firstLiveIndex(LAYOUT, hop, now);
        TileKey tile = new TileKey(hop, firstLive + offset);

        assertThat(GROUP.firstLiveIndex(hop, now)).isEqualTo(firstLive);
        assertThat(GROUP.isExpired(tile, now)).isEqualTo(GroupRegistry.isExpired(LAYOUT, tile, now));
        assertThat(GROUP.retentionMillis(hop)).isEqualTo(LAYOUT.retentionOf(hop).toMillis());
    }

    @Property
    void anEntityKeyIsTheLayoutsKey(@ForAll String entity) {
        assertThat(GROUP.entityKey(entity)).isEqualTo(KeyLayout.entityKey("card.txn-v2", entity));
    }

    @Test
    void theHopsAreAscending() {
        assertThat(GROUP.hopCount()).isEqualTo(3);
        assertThat(List.of(GROUP.hop(0), GROUP.hop(1), GROUP.hop(2))).containsExactly(300_000L, 3_600_000L, 86_400_000L);
    }

    @Test
    void anUnregisteredHopIsRefusedNamingTheGroupAndItsHops() {
        assertThatThrownBy(() -> GROUP.firstLiveIndex(60_000, 0)).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("hop 60000 ms is not registered for group card.txn-v2")
                .hasMessageContaining("[300000, 3600000, 86400000]");
    }

    @Test
    void anUnregisteredGroupIsRefusedNamingTheRegisteredOnes() {
        GroupRegistry registry = new GroupRegistry(List.of(LAYOUT, new GroupLayout("b", Duration.ofHours(2),
                Map.of(300_000L, Duration.ofHours(1)))));

        assertThatThrownBy(() -> registry.registered("a")).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("unknown feature group a: not registered with the store (registered: [b, card.txn-v2])");
    }
}
