package dev.lockstep.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.tile.TileKey;
import dev.lockstep.store.EntityTiles;
import dev.lockstep.store.OnlineStoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

class TileHashDecoderTest {

    private static final String KEY = "ls:v1:{card_txn:c1}";

    @Test
    void decodesTilesAndVersionsAndIgnoresOtherFields() {
        Map<byte[], byte[]> hash = hash(
                "t:300000:-2", "ir-a", "v:300000:-2", "7",
                "t:3600000:480000", "ir-b", "v:3600000:480000", "9223372036854775807",
                "meta:written_by", "batch");

        EntityTiles tiles = decode(hash);

        assertThat(tiles.tiles().keySet()).containsExactly(new TileKey(300_000, -2), new TileKey(3_600_000, 480_000));
        assertThat(new String(tiles.tile(new TileKey(300_000, -2)), StandardCharsets.UTF_8)).isEqualTo("ir-a");
        assertThat(tiles.versions()).containsEntry(new TileKey(300_000, -2), 7L)
                .containsEntry(new TileKey(3_600_000, 480_000), Long.MAX_VALUE);
    }

    @Test
    void aMalformedTileFieldNamesTheFieldAndTheKey() {
        Map<byte[], byte[]> hash = hash("t:300000", "ir", "v:300000", "1");

        assertThatThrownBy(() -> decode(hash)).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("malformed tile field 't:300000' in " + KEY);
    }

    @Test
    void aCorruptVersionNamesTheValueTheFieldAndTheKey() {
        Map<byte[], byte[]> hash = hash("t:300000:5", "ir", "v:300000:5", "12x");

        assertThatThrownBy(() -> decode(hash)).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("corrupt version '12x' in field v:300000:5 of " + KEY);
    }

    @Test
    void aTileWithoutItsVersionIsReportedAsCorrupt() {
        Map<byte[], byte[]> hash = hash("t:300000:5", "ir");

        assertThatThrownBy(() -> decode(hash)).isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("corrupt entity hash " + KEY);
    }

    @Test
    void aValuesOnlyReadSortsTheTilesAndNeedsNoVersions() {
        Map<byte[], byte[]> hash = hash(
                "t:3600000:480000", "ir-b", "meta:written_by", "batch", "t:300000:-2", "ir-a", "t:300000:-3", "ir-c");

        NavigableMap<TileKey, byte[]> values = feed(TileHashDecoder.valuesOnly(KEY), hash).values();

        assertThat(values.keySet()).containsExactly(new TileKey(300_000, -3), new TileKey(300_000, -2),
                new TileKey(3_600_000, 480_000));
        assertThat(new String(values.get(new TileKey(300_000, -2)), StandardCharsets.UTF_8)).isEqualTo("ir-a");
        assertThat(feed(TileHashDecoder.valuesOnly(KEY), hash()).values()).isEmpty();
    }

    @Test
    void aValuesOnlyReadStillNamesAMalformedTileField() {
        Map<byte[], byte[]> hash = hash("t:300000:1", "ir", "t:300000", "ir");

        assertThatThrownBy(() -> feed(TileHashDecoder.valuesOnly(KEY), hash).values())
                .isInstanceOf(OnlineStoreException.class)
                .hasMessageContaining("malformed tile field 't:300000' in " + KEY);
    }

    private static EntityTiles decode(Map<byte[], byte[]> hash) {
        return feed(TileHashDecoder.withVersions(KEY), hash).result();
    }

    private static TileHashDecoder feed(TileHashDecoder decoder, Map<byte[], byte[]> hash) {
        hash.forEach((field, value) -> decoder.accept(field, field.length, ByteBuffer.wrap(value)));
        return decoder;
    }

    private static Map<byte[], byte[]> hash(String... fieldsAndValues) {
        Map<byte[], byte[]> hash = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            hash.put(fieldsAndValues[i].getBytes(StandardCharsets.UTF_8),
                    fieldsAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return hash;
    }
}
