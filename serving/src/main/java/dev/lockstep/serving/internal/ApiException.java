package dev.lockstep.serving.internal;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request that fails with a precise HTTP status and a stable error code; becomes the JSON body
 * {@code {"error": code, "message": message}} (plus {@code stale_groups} when set). Codes are part of
 * the API (docs/api.md); messages say exactly what was wrong.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiException.class);

    private final int status;
    private final String code;
    private final List<String> staleGroups;

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    public ApiException(int status, String code, String message, List<String> staleGroups, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.staleGroups = List.copyOf(staleGroups);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> staleGroups() {
        return staleGroups;
    }

    /**
     * A bug or an unreadable stored value met while serving {@code what} (e.g. {@code POST /v1/features}): 500
     * {@code internal}, logged with its stack trace under the request's id, since the caller sees only the message.
     */
    static ApiException internal(String what, String requestId, RuntimeException cause) {
        LOG.error("request {} ({}) failed unexpectedly", requestId, what, cause);
        return new ApiException(500, "internal", "internal error while serving " + what + ": " + cause, List.of(),
                cause);
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException unprocessable(String code, String message) {
        return new ApiException(422, code, message);
    }
}
