package dev.lockstep.features.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExactDoubleSumTest {

    private static double sum(double... values) {
        ExactDoubleSum sum = new ExactDoubleSum();
        for (double v : values) {
            sum.add(v);
        }
        return sum.doubleValue();
    }

    private static byte[] bytes(ExactDoubleSum sum) {
        IrWriter out = new IrWriter();
        sum.write(out);
        return out.toByteArray();
    }

    @Test
    void shouldBeZeroWhenEmpty() {
        assertThat(Double.doubleToRawLongBits(new ExactDoubleSum().doubleValue())).isEqualTo(0L);
        assertThat(bytes(new ExactDoubleSum())).containsExactly(0);
    }

    @Test
    void shouldNotOverflowWhenIntermediateSumExceedsDoubleRange() {
        assertThat(sum(1e308, 1e308, -1e308)).isEqualTo(1e308);
    }

    @Test
    void shouldKeepSumExactWhenAddingOneAndTinyValues() {
        assertThat(sum(1e16, 1, -1e16)).isEqualTo(1.0);
        assertThat(sum(1.0, 1e-300, -1.0)).isEqualTo(1e-300);
        assertThat(sum(0.1, 0.2, -0.3)).isEqualTo(2.7755575615628914E-17); // exact binary residue, not 0 or 5.55e-17
    }

    @Test
    void shouldSumSubnormalsExactly() {
        assertThat(sum(Double.MIN_VALUE, Double.MIN_VALUE)).isEqualTo(2 * Double.MIN_VALUE);
        assertThat(sum(Double.MIN_NORMAL, -Double.MIN_VALUE)).isEqualTo(Math.nextDown(Double.MIN_NORMAL));
        assertThat(sum(Double.MAX_VALUE, Double.MIN_VALUE, -Double.MAX_VALUE)).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void shouldTreatNegativeZeroAsZero() {
        assertThat(Double.doubleToRawLongBits(sum(-0.0))).isEqualTo(0L);
        assertThat(Double.doubleToRawLongBits(sum(-0.0, 3.5))).isEqualTo(Double.doubleToRawLongBits(3.5));
    }

    @Test
    void shouldRoundHalfToEvenOnce() {
        // 1 + 2^-53 is exactly halfway between 1 and its successor: ties go to the even 1.0.
        assertThat(sum(1.0, 0x1p-53)).isEqualTo(1.0);
        // one more tiny bit makes it above half: rounds up, whereas naive += would round twice to 1.0.
        assertThat(sum(1.0, 0x1p-53, 0x1p-80)).isEqualTo(Math.nextUp(1.0));
        // successor of 1 is odd: a tie rounds up to the even 1 + 2^-51.
        assertThat(sum(Math.nextUp(1.0), 0x1p-53)).isEqualTo(1.0 + 0x1p-51);
    }

    @Test
    void shouldRoundToInfinityWhenExactSumExceedsDoubleRange() {
        assertThat(sum(Double.MAX_VALUE, Double.MAX_VALUE)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(sum(-Double.MAX_VALUE, -Double.MAX_VALUE)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void shouldAddLongsExactlyIncludingMinValue() {
        ExactDoubleSum sum = new ExactDoubleSum();
        sum.add(Long.MIN_VALUE);
        sum.add(Long.MIN_VALUE);
        sum.add(1L);
        assertThat(sum.scaledValue()).isEqualTo(java.math.BigInteger.valueOf(Long.MIN_VALUE).shiftLeft(1).add(java.math.BigInteger.ONE).shiftLeft(1074));
    }

    @Test
    void shouldRejectNanAndInfinity() {
        ExactDoubleSum sum = new ExactDoubleSum();
        assertThatThrownBy(() -> sum.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> sum.add(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldEncodeEqualSumsToEqualBytesWhateverTheCarryState() {
        ExactDoubleSum a = new ExactDoubleSum();
        ExactDoubleSum b = new ExactDoubleSum();
        for (int i = 0; i < 1000; i++) {
            a.add(0.75);
            a.add(-0.5);
        }
        b.add(250.0);
        assertThat(bytes(a)).isEqualTo(bytes(b));
        assertThat(a.doubleValue()).isEqualTo(250.0);
    }

    @Test
    void shouldRoundTripNegativeSumsThroughBytes() {
        ExactDoubleSum sum = new ExactDoubleSum();
        sum.add(-1e300);
        sum.add(-Double.MIN_VALUE);
        byte[] bytes = bytes(sum);
        ExactDoubleSum decoded = ExactDoubleSum.read(new IrReader(bytes));
        assertThat(decoded.scaledValue()).isEqualTo(sum.scaledValue());
        assertThat(bytes(decoded)).isEqualTo(bytes);
    }

    @Test
    void shouldStayExactAcrossManyNormalizations() {
        ExactDoubleSum sum = new ExactDoubleSum();
        ExactDoubleSum other = new ExactDoubleSum();
        for (int i = 0; i < 3 * (1 << 20); i++) {
            sum.add(Double.MAX_VALUE);
            other.add(-Double.MAX_VALUE);
        }
        sum.add(other);
        sum.add(1.5);
        assertThat(sum.doubleValue()).isEqualTo(1.5);
    }
}
