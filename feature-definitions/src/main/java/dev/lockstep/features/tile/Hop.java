package dev.lockstep.features.tile;

import java.time.Duration;

/**
 * The tile length (hop) for a window, as in Chronon: windows of 12 days or more use daily tiles, of
 * 12 hours or more hourly tiles, shorter ones 5-minute tiles. A window's tail is quantized to its hop.
 */
public final class Hop {

    public static final long FIVE_MINUTES = Duration.ofMinutes(5).toMillis();
    public static final long ONE_HOUR = Duration.ofHours(1).toMillis();
    public static final long ONE_DAY = Duration.ofDays(1).toMillis();

    private static final Duration DAILY_FROM = Duration.ofDays(12);
    private static final Duration HOURLY_FROM = Duration.ofHours(12);

    private Hop() {
    }

    /** The hop in millis for a window of the given length. */
    public static long forWindow(Duration window) {
        if (window.compareTo(DAILY_FROM) >= 0) {
            return ONE_DAY;
        }
        if (window.compareTo(HOURLY_FROM) >= 0) {
            return ONE_HOUR;
        }
        return FIVE_MINUTES;
    }
}
