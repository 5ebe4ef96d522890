package dev.lockstep.features.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.spec.FeatureDefinition;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TileCodecTest {
    private final TileCodec codec = new TileCodec(TestFeatures.all());

    /** Every feature's IR after the golden events of {@link GoldenBytesTest}. */
    private Object[] filledIrs() {
        Object[] irs = codec.emptyIrs();
        for (int i = 0; i < irs.length; i++) {
            GoldenBytesTest.fill(codec.aggregators().get(i), irs[i], TestFeatures.all().get(i));
        }
        return irs;
    }

    @Test
    void shouldRoundTripEveryAggregationThroughTileBytes() {
        Object[] irs = filledIrs();
        byte[] bytes = codec.encode(irs);
        Object[] decoded = codec.decode(bytes);
        assertThat(codec.encode(decoded)).isEqualTo(bytes);
        for (int i = 0; i < irs.length; i++) {
            Aggregator<Object> aggregator = codec.aggregators().get(i);
            assertThat(aggregator.finalizeValue(decoded[i])).as(TestFeatures.all().get(i).name())
                    .isEqualTo(aggregator.finalizeValue(irs[i]));
        }
        assertThat(codec.encode(codec.decode(codec.encode(codec.emptyIrs())))).isEqualTo(codec.encode(codec.emptyIrs()));
    }

    @Test
    void shouldRejectEveryTruncationOfTileBytes() {
        byte[] bytes = codec.encode(filledIrs());
        for (int length = 0; length < bytes.length; length += Math.max(1, length / 50)) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> codec.decode(truncated)).as("truncated to %d", length).isInstanceOf(IrCodecException.class);
        }
    }

    @Test
    void shouldMergeTileBytesAsTheirDecodedIrsAndRejectEveryTruncationWhateverIsIncluded() {
        byte[] bytes = codec.encode(filledIrs());
        int slots = codec.aggregators().size();
        boolean[] all = new boolean[slots];
        Arrays.fill(all, true);
        boolean[] alternate = new boolean[slots];
        for (int i = 0; i < slots; i += 2) {
            alternate[i] = true;
        }
        Object[] merged = codec.emptyIrs();
        codec.mergeInto(merged, bytes, all);
        assertThat(codec.encode(merged)).isEqualTo(bytes);

        for (boolean[] include : List.of(all, alternate, new boolean[slots])) {
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> codec.mergeInto(codec.emptyIrs(), truncated, include))
                        .as("truncated to %d", length).isInstanceOf(IrCodecException.class);
            }
            byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
            assertThatThrownBy(() -> codec.mergeInto(codec.emptyIrs(), trailing, include))
                    .isInstanceOf(IrCodecException.class).hasMessageContaining("trailing");
        }
    }

    @Test
    void shouldRejectGarbageAndTrailingBytesWithIrCodecException() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            assertThatThrownBy(() -> codec.decode(garbage)).isInstanceOf(IrCodecException.class);
        }
        byte[] bytes = codec.encode(filledIrs());
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> codec.decode(trailing)).isInstanceOf(IrCodecException.class).hasMessageContaining("trailing");
    }

    @Test
    void shouldRejectCorruptIrBytesNamingTheFeature() {
        Aggregator<Object> sum = TestFeatures.aggregator(AggregationKind.SUM, ValueType.LONG);
        TileCodec one = new TileCodec(List.of(TestFeatures.feature(AggregationKind.SUM, ValueType.LONG)));
        byte[] bytes = one.encode(new Object[] {TestFeatures.fold(sum, 5L)});
        bytes[bytes.length - 2] = 7; // form byte of the long sum
        assertThatThrownBy(() -> one.decode(bytes)).isInstanceOf(IrCodecException.class)
                .hasMessageContaining("sum_long").hasMessageContaining("form byte");
    }

    @Test
    void shouldRejectBytesOfAnotherVersionOrFeatureDefinition() {
        FeatureDefinition hourly = TestFeatures.feature(AggregationKind.COUNT, null);
        FeatureDefinition daily = new FeatureDefinition(hourly.name(), hourly.aggregation(), Optional.empty(), Optional.empty(),
                Duration.ofDays(1), 0);
        byte[] bytes = new TileCodec(List.of(hourly)).encode(new TileCodec(List.of(hourly)).emptyIrs());
        assertThatThrownBy(() -> new TileCodec(List.of(daily)).decode(bytes)).isInstanceOf(IrCodecException.class)
                .hasMessageContaining("'count'").hasMessageContaining("fingerprint");
        byte[] future = bytes.clone();
        future[0] = 2;
        assertThatThrownBy(() -> new TileCodec(List.of(hourly)).decode(future)).isInstanceOf(IrCodecException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void shouldRejectNonCanonicalIrBytes() {
        Aggregator<Object> sum = TestFeatures.aggregator(AggregationKind.SUM, ValueType.DOUBLE);
        // one digit of value 0 at index 0: the zero sum must be written as count 0.
        assertThatThrownBy(() -> sum.decode(new IrReader(new byte[] {1, 0, 0, 0, 0, 0, 0}))).isInstanceOf(IrCodecException.class)
                .hasMessageContaining("canonical");
        Aggregator<Object> count = TestFeatures.aggregator(AggregationKind.COUNT, null);
        assertThatThrownBy(() -> count.decode(new IrReader(new byte[] {(byte) 0x81, 0}))).isInstanceOf(IrCodecException.class)
                .hasMessageContaining("minimally");
    }

    @Test
    void shouldReEncodeANonCanonicalHllImageInCanonicalForm() {
        Aggregator<Object> distinct = TestFeatures.aggregator(AggregationKind.COUNT_DISTINCT, ValueType.LONG);
        org.apache.datasketches.hll.HllSketch raw = new org.apache.datasketches.hll.HllSketch(12, org.apache.datasketches.hll.TgtHllType.HLL_8);
        Object ascending = distinct.prepare();
        for (long v = 5; v > 0; v--) {
            raw.update(v);
            distinct.update(ascending, 6 - v, new dev.lockstep.features.event.EventOrder(v, v, 0, v));
        }
        IrWriter rawImage = new IrWriter();
        rawImage.writeBytes(raw.toCompactByteArray());

        Object decoded = distinct.decode(new IrReader(rawImage.toByteArray()));

        assertThat(encode(distinct, decoded)).isEqualTo(encode(distinct, ascending));
        assertThat(distinct.finalizeValue(decoded)).isEqualTo(5L);
    }

    private static byte[] encode(Aggregator<Object> aggregator, Object ir) {
        IrWriter out = new IrWriter();
        aggregator.encode(ir, out);
        return out.toByteArray();
    }

    @Test
    void shouldComputeFingerprintsThatDoNotDependOnTheJvm() {
        assertThat(TileCodec.fingerprint(TestFeatures.feature(AggregationKind.SUM, ValueType.DOUBLE)))
                .isEqualTo(GoldenBytesTest.SUM_DOUBLE_FINGERPRINT);
    }
}
