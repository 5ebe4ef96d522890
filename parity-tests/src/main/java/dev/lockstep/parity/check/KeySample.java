package dev.lockstep.parity.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A deterministic sample of entity keys by hash: a key is in the sample iff the first 53 bits of its
 * SHA-256, as a fraction of 2^53, are below the ratio. The same key is in or out on every run and every
 * machine, and samples of growing ratios nest, so a re-check with a larger ratio re-checks the same keys.
 */
public record KeySample(double ratio) {

    public KeySample {
        if (!(ratio > 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("Invalid value " + ratio + " for sample ratio: must be in (0, 1]");
        }
    }

    public boolean includes(String entityKey) {
        return position(entityKey) < ratio;
    }

    /** Where the key falls in [0, 1). */
    static double position(String entityKey) {
        byte[] digest = sha256().digest(entityKey.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xFF);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
