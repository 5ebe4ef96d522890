package dev.lockstep.features.agg;

import dev.lockstep.features.FeatureException;

/** IR or tile bytes that cannot be decoded: truncated, corrupt, non-canonical or written for another feature. */
public class IrCodecException extends FeatureException {
    private static final long serialVersionUID = 1L;

    public IrCodecException(String message) {
        super(message);
    }

    public IrCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
