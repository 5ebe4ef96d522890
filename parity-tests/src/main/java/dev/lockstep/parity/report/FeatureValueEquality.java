package dev.lockstep.parity.report;

import java.util.List;

/**
 * Bit-for-bit equality of finalized feature values: doubles by their bits (so -0.0 differs from 0.0, as it
 * would for a model), longs, strings and booleans by value, lists element by element. A Long never equals a
 * Double: a sum that changed type is a mismatch.
 */
public final class FeatureValueEquality {

    private FeatureValueEquality() {
    }

    public static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }
}
