package dev.lockstep.parity.oracle;

/**
 * Test-only hooks that break one rule of the contract in the oracle, to prove that the suite notices.
 * {@link #CONTRACT} breaks nothing.
 *
 * @param lateBoundExclusive rejects {@code event_time == arrival - allowed_lateness} as too late (an off-by-one
 *                           in the lateness bound; the contract accepts it)
 * @param naiveDoubleSum     sums doubles with {@code +=} in arrival order instead of exactly
 */
public record OracleRules(boolean lateBoundExclusive, boolean naiveDoubleSum) {

    public static final OracleRules CONTRACT = new OracleRules(false, false);
    public static final OracleRules OFF_BY_ONE_LATENESS = new OracleRules(true, false);
    public static final OracleRules NAIVE_DOUBLE_SUM = new OracleRules(false, true);
}
