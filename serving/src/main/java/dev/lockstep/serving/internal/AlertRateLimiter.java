package dev.lockstep.serving.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one alert per group per interval, by request time (the injected clock), so a group that stays
 * stale under heavy traffic raises one alert per interval, not one per request.
 */
final class AlertRateLimiter {

    private final long intervalMillis;
    private final Map<String, Long> lastAlertAt = new ConcurrentHashMap<>();

    AlertRateLimiter(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** Whether an alert for {@code group} at {@code nowMillis} may go out; if so, it is counted as sent. */
    boolean tryAcquire(String group, long nowMillis) {
        boolean[] granted = {false};
        lastAlertAt.compute(group, (g, last) -> {
            if (last == null || nowMillis - last >= intervalMillis) {
                granted[0] = true;
                return nowMillis;
            }
            return last;
        });
        return granted[0];
    }
}
