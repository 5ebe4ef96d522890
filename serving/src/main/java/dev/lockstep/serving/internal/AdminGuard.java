package dev.lockstep.serving.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who may call the admin endpoints ({@code /admin/...}): anyone (no token configured), or only requests
 * with {@code Authorization: Bearer <token>}. The feature and predict endpoints are not guarded: they are
 * for the online services on the critical path, whose access the network (or a mesh) controls.
 */
public final class AdminGuard {

    private static final String ADMIN_PREFIX = "/admin/";
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    private AdminGuard(byte[] token) {
        this.token = token;
    }

    public static AdminGuard open() {
        return new AdminGuard(null);
    }

    public static AdminGuard bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        return new AdminGuard(token.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isOpen() {
        return token == null;
    }

    /** @throws ApiException 401 for an admin path without the right token */
    void check(String path, Request request) {
        if (token == null || !path.startsWith(ADMIN_PREFIX)) {
            return;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        byte[] offered = header != null && header.startsWith(BEARER)
                ? header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        // Constant time, so the answer's timing says nothing about how much of a guess was right.
        if (!MessageDigest.isEqual(offered, token)) {
            throw new ApiException(401, "unauthorized", path + " needs the header Authorization: Bearer <admin token>"
                    + (header == null ? " (none sent)" : " (the one sent does not match)"));
        }
    }
}
