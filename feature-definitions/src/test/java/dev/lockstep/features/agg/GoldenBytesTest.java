package dev.lockstep.features.agg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.features.event.EventOrder;
import dev.lockstep.features.spec.FeatureDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the tile format: for every aggregation and input type, the tile bytes of the empty IR (line 1) and
 * of a fixed list of events (line 2) must equal {@code src/test/resources/agg/<feature>.hex}. A change here
 * breaks every tile already in Redis and offline tables: bump {@link TileCodec#FORMAT_VERSION} instead.
 * To write new files deliberately: {@code -Dlockstep.golden.write=true}.
 */
class GoldenBytesTest {
    static final int SUM_DOUBLE_FINGERPRINT = 0x1edaf7c7;

    static Stream<FeatureDefinition> features() {
        return TestFeatures.all().stream();
    }

    /** Deterministic events: spread values, out-of-order event times, enough distinct values to reach HLL mode for LONG. */
    static void fill(Aggregator<Object> aggregator, Object ir, FeatureDefinition feature) {
        int count = feature.aggregation() == AggregationKind.COUNT_DISTINCT && feature.inputType().orElseThrow() == ValueType.LONG ? 1000 : 12;
        for (int i = 0; i < count; i++) {
            final int n = i;
            final long k = (i * 7919L) % 23 - 11;
            Object value = feature.inputType().map(type -> switch (type) {
                case LONG -> k * 1_000_003L;
                case DOUBLE -> k * 0.1 + (n % 5 == 0 ? 1e300 : 0) - (n % 5 == 1 ? 1e300 : 0);
                case STRING -> "v" + k + (n % 3 == 0 ? "\u00e9" : "");
                case BOOLEAN -> k % 2 == 0;
            }).orElse(Boolean.TRUE);
            aggregator.update(ir, value, new EventOrder(1_700_000_000_000L + k * 1000, 1_700_000_000_500L + i, i % 3, 100 + i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("features")
    void shouldKeepTileBytesOfEveryAggregationStable(FeatureDefinition feature) throws IOException {
        TileCodec codec = new TileCodec(List.of(feature));
        Object[] irs = codec.emptyIrs();
        String empty = HexFormat.of().formatHex(codec.encode(irs));
        fill(codec.aggregators().get(0), irs[0], feature);
        String filled = HexFormat.of().formatHex(codec.encode(irs));
        String actual = empty + "\n" + filled + "\n";
        String file = feature.name() + ".hex";
        if (Boolean.getBoolean("lockstep.golden.write")) {
            Files.writeString(Path.of("src/test/resources/agg", file), actual, StandardCharsets.US_ASCII);
        }
        try (InputStream in = GoldenBytesTest.class.getResourceAsStream("/agg/" + file)) {
            assertThat(in).as("golden file agg/%s", file).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).as("golden bytes of %s", feature.name()).isEqualTo(actual);
        }
        Object[] decoded = codec.decode(HexFormat.of().parseHex(filled));
        assertThat(HexFormat.of().formatHex(codec.encode(decoded))).isEqualTo(filled);
    }
}
