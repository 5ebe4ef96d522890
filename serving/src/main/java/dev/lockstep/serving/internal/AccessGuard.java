package dev.lockstep.serving.internal;

import dev.lockstep.serving.ApiGrant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who may call what, by bearer token ({@code Authorization: Bearer <token>}):
 * <ul>
 *   <li>the admin endpoints ({@code /admin/...}): anyone without an admin token, else only that token;</li>
 *   <li>the API ({@code /v1/...}): anyone without API grants, else any token one of them holds, and then
 *       only what that grant covers ({@link ApiCaller}, checked by the endpoints). Several tokens, so a token
 *       is rotated without downtime: add the new one, move the clients over, remove the old one;</li>
 *   <li>{@code /health}, {@code /ready} and {@code /metrics}: always anyone, for probes and scrapers.</li>
 * </ul>
 * The two kinds of token are separate: an API token opens no admin endpoint, and the reverse.
 */
public final class AccessGuard {

    private static final String ADMIN_PREFIX = "/admin/";
    private static final String API_PREFIX = "/v1/";
    private static final String BEARER = "Bearer ";

    private final byte[] adminToken;
    private final List<ApiGrant> apiGrants;

    private AccessGuard(byte[] adminToken, List<ApiGrant> apiGrants) {
        this.adminToken = adminToken;
        this.apiGrants = apiGrants;
    }

    /** Everything open. */
    public static AccessGuard open() {
        return new AccessGuard(null, List.of());
    }

    /** This admin token (null: admin endpoints open) and these API grants (none: the API open). */
    public static AccessGuard of(String adminToken, List<ApiGrant> apiGrants) {
        if (adminToken != null && adminToken.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        return new AccessGuard(adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8),
                List.copyOf(apiGrants));
    }

    /**
     * The caller of a guarded path, by its token: for the API the grant it matched (or anyone, without
     * grants); other paths need no more than passing.
     *
     * @throws ApiException 401 for a guarded path without a token that opens it
     */
    ApiCaller check(String path, Request request) {
        if (path.startsWith(API_PREFIX)) {
            if (apiGrants.isEmpty()) {
                return ApiCaller.ANYONE;
            }
            ApiGrant grant = matching(offered(request));
            if (grant == null) {
                throw unauthorized(path, "API token", request);
            }
            return ApiCaller.of(grant);
        }
        if (path.startsWith(ADMIN_PREFIX) && adminToken != null
                && !MessageDigest.isEqual(offered(request).getBytes(StandardCharsets.UTF_8), adminToken)) {
            throw unauthorized(path, "admin token", request);
        }
        return ApiCaller.ANYONE;
    }

    /** The bearer token sent, or "" for none. */
    private static String offered(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : "";
    }

    /**
     * The grant whose token hash the offered token has, or null. Compares with every grant, in constant time
     * each, so the answer's timing tells neither how much of a guess was right nor which grant came close;
     * comparing hashes also makes it independent of the tokens' lengths.
     */
    private ApiGrant matching(String offered) {
        byte[] hash = ApiGrant.sha256(offered);
        ApiGrant matched = null;
        for (ApiGrant grant : apiGrants) {
            if (MessageDigest.isEqual(hash, grant.tokenSha256()) && matched == null) {
                matched = grant;
            }
        }
        return matched;
    }

    private static ApiException unauthorized(String path, String what, Request request) {
        boolean sent = request.getHeaders().get(HttpHeader.AUTHORIZATION) != null;
        return new ApiException(401, "unauthorized", path + " needs the header Authorization: Bearer <" + what + ">"
                + (sent ? " (the one sent does not match)" : " (none sent)"));
    }
}
