package dev.lockstep.features.agg;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ExactDoubleSumProperties {

    @Provide
    Arbitrary<List<Double>> values() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        Arbitrary<Double> ordinary = Arbitraries.doubles().between(-1e6, 1e6);
        Arbitrary<Double> cancelling = Arbitraries.of(1e16, -1e16, 1.0, 0.1, -0.3, 1e308, -1e308, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -0.0, 0x1p-53);
        Arbitrary<Double> smallExponents = Arbitraries.doubles().between(-1, 1).map(d -> Math.scalb(d, -1040));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, anyBits), net.jqwik.api.Tuple.of(3, ordinary),
                        net.jqwik.api.Tuple.of(3, cancelling), net.jqwik.api.Tuple.of(1, smallExponents))
                .list().ofMaxSize(40);
    }

    @Property(tries = 1000)
    void shouldEqualCorrectlyRoundedBigDecimalSum(@ForAll("values") List<Double> values) {
        ExactDoubleSum sum = new ExactDoubleSum();
        BigDecimal exact = BigDecimal.ZERO;
        for (double v : values) {
            sum.add(v);
            exact = exact.add(new BigDecimal(v));
        }
        double expected = ReferenceRounding.nearest(exact, BigDecimal.ONE);
        if (exact.signum() == 0) {
            expected = 0.0; // documented: an exactly zero sum is +0.0
        }
        assertThat(Double.doubleToRawLongBits(sum.doubleValue()))
                .as("sum of %s = %s", values, exact)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }
}
