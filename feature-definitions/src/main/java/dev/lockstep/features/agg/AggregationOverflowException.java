package dev.lockstep.features.agg;

import dev.lockstep.features.FeatureException;

/** An integer aggregate left the range of its type. Lockstep never wraps silently. */
public class AggregationOverflowException extends FeatureException {
    private static final long serialVersionUID = 1L;

    public AggregationOverflowException(String message) {
        super(message);
    }
}
