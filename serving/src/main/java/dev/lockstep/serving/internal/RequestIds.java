package dev.lockstep.serving.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each API request's id, which ties together what the caller got (the {@code X-Request-Id} answer header and
 * the {@code request_id} of an error body), the server's log line and the dead letter. A caller's own
 * {@code X-Request-Id} (a proxy's, say) is kept; without one the server makes one: a prefix drawn at random
 * when the server starts and a counter, unique across instances without a {@code SecureRandom} draw per request.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** Longer ids are refused: they end up in headers, logs and dead letters. */
    static final int MAX_LENGTH = 128;

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public RequestIds() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.prefix = HexFormat.of().formatHex(random) + "-";
    }

    /**
     * The caller's id, or a new one when it sent none.
     *
     * @throws ApiException 400 {@code invalid_request_id} when the header is empty, too long, or has characters
     *                      other than visible ASCII
     */
    String of(String header) {
        if (header == null) {
            return prefix + Long.toString(counter.incrementAndGet(), 36);
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.badRequest("invalid_request_id", "header " + HEADER + " must be 1 to " + MAX_LENGTH
                    + " visible ASCII characters (no spaces), got " + (header.length() > MAX_LENGTH
                    ? header.length() + " characters" : "'" + header + "'"));
        }
        return header;
    }

    /** The caller's id if valid, else a new one: for answers that refuse the request before checking it. */
    String ofOrNew(String header) {
        try {
            return of(header);
        } catch (ApiException invalid) {
            return of(null);
        }
    }
}
