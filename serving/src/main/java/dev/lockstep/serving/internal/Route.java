package dev.lockstep.serving.internal;

import java.util.Objects;
import java.util.function.Function;

/**
 * One endpoint: method and path it answers, whether it reads a body, and the handler from body bytes to a
 * reply. Handlers throw {@link ApiException} for answers that are errors; the {@link Router} renders them.
 */
public record Route(String method, String path, boolean readsBody, Function<byte[], HttpReply> handler) {

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }

    public static Route get(String path, Function<byte[], HttpReply> handler) {
        return new Route("GET", path, false, handler);
    }

    public static Route post(String path, Function<byte[], HttpReply> handler) {
        return new Route("POST", path, true, handler);
    }
}
