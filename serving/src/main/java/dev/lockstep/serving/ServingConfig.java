package dev.lockstep.serving;

import java.time.Duration;

/**
 * How the feature server listens and what it accepts. Immutable; every value is checked when built, and a
 * bad one fails with the setting's name, its value and the reason.
 *
 * @param host          interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port          TCP port; 0 picks a free one (tests), see {@link FeatureServer#port()}
 * @param maxEntities   most entities one {@code POST /v1/features} may ask for; more is a 422, so one
 *                      caller cannot turn a request into an unbounded Redis round
 * @param maxBodyBytes  largest request body read; more is a 413
 * @param maxThreads    request threads; bounded so a Redis outage (each call fails within the store's
 *                      command timeout) cannot pile up threads
 * @param staleAlertInterval at most one staleness alert per group per this interval
 * @param heartbeatReuse how long a heartbeat read is reused by later requests (0: every request reads
 *                      them): a group's age is then computed from heartbeats read up to this long before
 *                      the request (read again after any store failure)
 * @param stalenessCheckInterval how often the server checks every served group's staleness by itself, so
 *                      a group no request reads still raises its gauge, log line and alert (0: only
 *                      requests check)
 * @param shutdownGrace how long a stop waits for the requests in flight to finish, after it stops accepting
 *                      connections (0: it cuts them at once)
 */
public record ServingConfig(String host, int port, int maxEntities, int maxBodyBytes, int maxThreads,
        Duration staleAlertInterval, Duration heartbeatReuse, Duration stalenessCheckInterval,
        Duration shutdownGrace) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_ENTITIES = 100;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_THREADS = 32;
    public static final Duration DEFAULT_STALE_ALERT_INTERVAL = Duration.ofMinutes(1);
    /**
     * Heartbeats move with streaming's commits (100 ms by default) and idle beats (5 s); freshness is
     * seconds to days. Reusing a read for 100 ms saves one of the two Redis round trips a request makes.
     */
    public static final Duration DEFAULT_HEARTBEAT_REUSE = Duration.ofMillis(100);
    /**
     * Streaming's idle heartbeat period: a stalled pipeline is then seen within its freshness plus 5 s
     * with no traffic, for two heartbeat reads per source topic and batch group every 5 s.
     */
    public static final Duration DEFAULT_STALENESS_CHECK_INTERVAL = Duration.ofSeconds(5);
    /**
     * A request ends within the store's command timeout plus the inference timeout (a second or so with the
     * defaults), so 5 s lets every request in flight finish, well inside Kubernetes' default 30 s between
     * SIGTERM and SIGKILL.
     */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public ServingConfig {
        if (host == null || host.isBlank()) {
            throw invalid("host", host, "must name an interface");
        }
        if (port < 0 || port > 65_535) {
            throw invalid("port", port, "must be 0..65535");
        }
        if (maxEntities < 1) {
            throw invalid("maxEntities", maxEntities, "must be at least 1");
        }
        if (maxBodyBytes < 1) {
            throw invalid("maxBodyBytes", maxBodyBytes, "must be at least 1");
        }
        if (maxThreads < 4) {
            throw invalid("maxThreads", maxThreads, "must be at least 4 (Jetty needs threads for its selector)");
        }
        if (staleAlertInterval == null || staleAlertInterval.isNegative()) {
            throw invalid("staleAlertInterval", staleAlertInterval, "must be a non-negative duration");
        }
        if (heartbeatReuse == null || heartbeatReuse.isNegative()) {
            throw invalid("heartbeatReuse", heartbeatReuse, "must be a non-negative duration");
        }
        if (stalenessCheckInterval == null || stalenessCheckInterval.isNegative()) {
            throw invalid("stalenessCheckInterval", stalenessCheckInterval, "must be a non-negative duration");
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw invalid("shutdownGrace", shutdownGrace, "must be a non-negative duration");
        }
    }

    /** The defaults on all interfaces and the given port. */
    public static ServingConfig defaults(int port) {
        return new ServingConfig("0.0.0.0", port, DEFAULT_MAX_ENTITIES, DEFAULT_MAX_BODY_BYTES,
                DEFAULT_MAX_THREADS, DEFAULT_STALE_ALERT_INTERVAL, DEFAULT_HEARTBEAT_REUSE,
                DEFAULT_STALENESS_CHECK_INTERVAL, DEFAULT_SHUTDOWN_GRACE);
    }

    public ServingConfig withHost(String newHost) {
        return new ServingConfig(newHost, port, maxEntities, maxBodyBytes, maxThreads, staleAlertInterval,
                heartbeatReuse, stalenessCheckInterval, shutdownGrace);
    }

    public ServingConfig withMaxEntities(int newMaxEntities) {
        return new ServingConfig(host, port, newMaxEntities, maxBodyBytes, maxThreads, staleAlertInterval,
                heartbeatReuse, stalenessCheckInterval, shutdownGrace);
    }

    public ServingConfig withMaxBodyBytes(int newMaxBodyBytes) {
        return new ServingConfig(host, port, maxEntities, newMaxBodyBytes, maxThreads, staleAlertInterval,
                heartbeatReuse, stalenessCheckInterval, shutdownGrace);
    }

    public ServingConfig withMaxThreads(int newMaxThreads) {
        return new ServingConfig(host, port, maxEntities, maxBodyBytes, newMaxThreads, staleAlertInterval,
                heartbeatReuse, stalenessCheckInterval, shutdownGrace);
    }

    public ServingConfig withStaleAlertInterval(Duration interval) {
        return new ServingConfig(host, port, maxEntities, maxBodyBytes, maxThreads, interval, heartbeatReuse,
                stalenessCheckInterval, shutdownGrace);
    }

    public ServingConfig withHeartbeatReuse(Duration reuse) {
        return new ServingConfig(host, port, maxEntities, maxBodyBytes, maxThreads, staleAlertInterval, reuse,
                stalenessCheckInterval, shutdownGrace);
    }

    public ServingConfig withStalenessCheckInterval(Duration interval) {
        return new ServingConfig(host, port, maxEntities, maxBodyBytes, maxThreads, staleAlertInterval, heartbeatReuse,
                interval, shutdownGrace);
    }

    public ServingConfig withShutdownGrace(Duration grace) {
        return new ServingConfig(host, port, maxEntities, maxBodyBytes, maxThreads, staleAlertInterval, heartbeatReuse,
                stalenessCheckInterval, grace);
    }

    private static IllegalArgumentException invalid(String name, Object value, String reason) {
        return new IllegalArgumentException("invalid value " + value + " for serving setting " + name + ": "
                + reason);
    }
}
