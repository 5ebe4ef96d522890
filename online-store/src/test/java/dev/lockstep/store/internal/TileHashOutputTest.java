package dev.lockstep.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Lettuce's side of a tile read: reply elements arrive one at a time in a buffer it reuses. */
class TileHashOutputTest {

    private static final String KEY = "ls:v1:{card_txn:c1}";

    @Test
    void decodesAlternatingNamesAndValuesFromABufferThatIsReusedAfterEachElement() {
        TileHashOutput output = new TileHashOutput(TileHashDecoder.withVersions(KEY));
        String longName = "meta:" + "x".repeat(100); // past the name array's first size

        feed(output, "t:300000:7", "ir-a", "v:300000:7", "3", longName, "ignored",
                "t:3600000:480000", "ir-b", "v:3600000:480000", "9223372036854775807");
        EntityTiles tiles = output.get().result();

        assertThat(tiles.tiles().keySet()).containsExactly(new TileKey(300_000, 7), new TileKey(3_600_000, 480_000));
        assertThat(new String(tiles.tile(new TileKey(300_000, 7)), StandardCharsets.UTF_8)).isEqualTo("ir-a");
        assertThat(new String(tiles.tile(new TileKey(3_600_000, 480_000)), StandardCharsets.UTF_8)).isEqualTo("ir-b");
        assertThat(tiles.versions()).containsEntry(new TileKey(300_000, 7), 3L)
                .containsEntry(new TileKey(3_600_000, 480_000), Long.MAX_VALUE);
    }

    @Test
    void anEmptyReplyIsAnEntityWithoutTiles() {
        assertThat(new TileHashOutput(TileHashDecoder.withVersions(KEY)).get().result()).isSameAs(EntityTiles.empty());
    }

    @Test
    void aMalformedFieldIsNotThrownOnTheEventLoopButByTheResultNamingFieldAndKey() {
        TileHashOutput output = new TileHashOutput(TileHashDecoder.withVersions(KEY));

        feed(output, "t:300000", "ir", "v:300000:1", "1", "t:300000:1", "ir");

        assertThatThrownBy(() -> output.get().result()).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("malformed tile field 't:300000' in " + KEY);
    }

    @Test
    void aCorruptVersionLongerThanAnyLongNamesItsValue() {
        TileHashOutput output = new TileHashOutput(TileHashDecoder.withVersions(KEY));
        String digits = "1".repeat(25);

        feed(output, "t:300000:5", "ir", "v:300000:5", digits);

        assertThatThrownBy(() -> output.get().result()).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("corrupt version '" + digits + "' in field v:300000:5 of " + KEY);
    }

    @Test
    void aValuesOnlyReadDecodesTheTilesAndSkipsEveryVersionField() {
        TileHashOutput output = new TileHashOutput(TileHashDecoder.valuesOnly(KEY));

        feed(output, "v:300000:7", "not-a-number", "t:3600000:480000", "ir-b", "t:300000:7", "ir-a",
                "v:3600000:480000", "9");

        assertThat(output.get().values().keySet()).containsExactly(new TileKey(300_000, 7), new TileKey(3_600_000, 480_000));
        assertThat(new String(output.get().values().get(new TileKey(300_000, 7)), StandardCharsets.UTF_8)).isEqualTo("ir-a");
        assertThatThrownBy(() -> output.get().result()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values-only read of " + KEY);
    }

    /** Each element through one buffer that is overwritten as soon as the call returns, as Netty's would be. */
    private static void feed(TileHashOutput output, String... elements) {
        ByteBuffer shared = ByteBuffer.allocate(256);
        for (String element : elements) {
            shared.clear();
            shared.put(element.getBytes(StandardCharsets.UTF_8)).flip();
            output.set(shared);
            byte[] garbage = new byte[shared.capacity()];
            Arrays.fill(garbage, (byte) '#');
            shared.clear();
            shared.put(garbage);
        }
    }
}
