package dev.lockstep.serving;

import java.util.Objects;

/**
 * A valid request that failed on the server's side (a 5xx: Redis unavailable, a reject-policy service
 * with stale groups, a store error), kept with its payload so it can be replayed. Client errors (4xx) are
 * never dead-lettered: the same request would fail the same way.
 *
 * @param endpoint     e.g. {@code /v1/features}
 * @param service      the feature service the request named
 * @param requestId    the request's id: the caller's {@code X-Request-Id}, or the one the server gave it
 * @param status       the HTTP status the caller got
 * @param error        the error code the caller got, e.g. {@code store_unavailable}
 * @param message      the error message the caller got
 * @param body         the request body exactly as received (UTF-8 JSON)
 * @param failedAtMillis the request time, from the server's clock
 */
public record FailedRequest(String endpoint, String service, String requestId, int status, String error, String message,
        byte[] body, long failedAtMillis) {

    public FailedRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(body, "body");
    }
}
