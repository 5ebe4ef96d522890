package dev.lockstep.parity.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExactRationalTest {

    @Test
    void shouldRoundTheExactSumOfTenthsToTheNearestDouble() {
        BigDecimal sum = new BigDecimal(0.1).add(new BigDecimal(0.2)).add(new BigDecimal(0.3));

        assertThat(ExactRational.toDouble(sum, BigDecimal.ONE)).isEqualTo(0.6);
    }

    @Test
    void shouldBreakATieToTheEvenSignificand() {
        // 1 + 2^-53 lies exactly between 1 and the next double up; the even one is 1.
        BigDecimal tie = BigDecimal.ONE.add(new BigDecimal(Math.scalb(1.0, -53)));
        BigDecimal aboveTie = tie.add(new BigDecimal(Double.MIN_VALUE));

        assertThat(ExactRational.toDouble(tie, BigDecimal.ONE)).isEqualTo(1.0);
        assertThat(ExactRational.toDouble(aboveTie, BigDecimal.ONE)).isEqualTo(Math.nextUp(1.0));
    }

    @Test
    void shouldDivideExactlyAndKeepTheSignOfZeroForAnExactZero() {
        assertThat(ExactRational.toDouble(BigDecimal.ONE, BigDecimal.valueOf(3))).isEqualTo(1.0 / 3);
        assertThat(Double.doubleToRawLongBits(ExactRational.toDouble(BigDecimal.ZERO, BigDecimal.ONE))).isZero();
    }
}
