package dev.lockstep.serving.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who may call what, by bearer token ({@code Authorization: Bearer <token>}):
 * <ul>
 *   <li>the admin endpoints ({@code /admin/...}): anyone without an admin token, else only that token;</li>
 *   <li>the API ({@code /v1/...}): anyone without API tokens, else any one of them. Several, so a token is
 *       rotated without downtime: add the new one, move the clients over, remove the old one;</li>
 *   <li>{@code /health}, {@code /ready} and {@code /metrics}: always anyone, for probes and scrapers.</li>
 * </ul>
 * The two kinds of token are separate: an API token opens no admin endpoint, and the reverse.
 */
public final class AccessGuard {

    private static final String ADMIN_PREFIX = "/admin/";
    private static final String API_PREFIX = "/v1/";
    private static final String BEARER = "Bearer ";

    private final byte[] adminToken;
    private final List<byte[]> apiTokens;

    private AccessGuard(byte[] adminToken, List<byte[]> apiTokens) {
        this.adminToken = adminToken;
        this.apiTokens = apiTokens;
    }

    /** Everything open. */
    public static AccessGuard open() {
        return new AccessGuard(null, List.of());
    }

    /** These tokens; a null admin token or no API tokens leave that part open. */
    public static AccessGuard of(String adminToken, List<String> apiTokens) {
        if (adminToken != null && adminToken.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        for (int i = 0; i < apiTokens.size(); i++) {
            if (apiTokens.get(i) == null || apiTokens.get(i).isBlank()) {
                throw new IllegalArgumentException("API token " + (i + 1) + " of " + apiTokens.size() + " is blank");
            }
        }
        return new AccessGuard(adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8),
                apiTokens.stream().map(token -> token.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** @throws ApiException 401 for a guarded path without a token that opens it */
    void check(String path, Request request) {
        if (path.startsWith(API_PREFIX)) {
            if (!apiTokens.isEmpty() && !matchesAny(offered(request), apiTokens)) {
                throw unauthorized(path, "API token", request);
            }
        } else if (path.startsWith(ADMIN_PREFIX) && adminToken != null
                && !matchesAny(offered(request), List.of(adminToken))) {
            throw unauthorized(path, "admin token", request);
        }
    }

    private static byte[] offered(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return header != null && header.startsWith(BEARER)
                ? header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
    }

    /**
     * Compares with every token, in constant time each, so the answer's timing tells neither how much of a
     * guess was right nor which token came close.
     */
    private static boolean matchesAny(byte[] offered, List<byte[]> tokens) {
        boolean matched = false;
        for (byte[] token : tokens) {
            matched |= MessageDigest.isEqual(offered, token);
        }
        return matched;
    }

    private static ApiException unauthorized(String path, String what, Request request) {
        boolean sent = request.getHeaders().get(HttpHeader.AUTHORIZATION) != null;
        return new ApiException(401, "unauthorized", path + " needs the header Authorization: Bearer <" + what + ">"
                + (sent ? " (the one sent does not match)" : " (none sent)"));
    }
}
