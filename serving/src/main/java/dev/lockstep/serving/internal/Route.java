package dev.lockstep.serving.internal;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One endpoint: method and path it answers, whether it reads a body, and the handler from (path parameter,
 * body bytes, caller) to a reply. A path ending in {@code {name}} matches any one non-empty segment there, which the
 * handler gets as its first argument (null for fixed paths). Handlers throw {@link ApiException} for answers
 * that are errors; the {@link Router} renders them.
 */
public record Route(String method, String path, boolean readsBody, Handler handler) {

    /** Answers a request: its path parameter (null for fixed paths), its body, and who called. */
    @FunctionalInterface
    public interface Handler {
        HttpReply handle(String parameter, byte[] body, ApiCaller caller);
    }

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }

    public static Route get(String path, Function<byte[], HttpReply> handler) {
        return new Route("GET", path, false, (param, body, caller) -> handler.apply(body));
    }

    public static Route post(String path, Function<byte[], HttpReply> handler) {
        return new Route("POST", path, true, (param, body, caller) -> handler.apply(body));
    }

    /** A POST whose handler limits what it does to what the caller may use. */
    public static Route postForCaller(String path, BiFunction<byte[], ApiCaller, HttpReply> handler) {
        return new Route("POST", path, true, (param, body, caller) -> handler.apply(body, caller));
    }

    /** A POST whose last path segment is a parameter, e.g. {@code /v1/predict/{model}}. */
    public static Route postWithParameter(String template, Handler handler) {
        if (!template.endsWith("}") || template.indexOf('{') < 0) {
            throw new IllegalArgumentException("route template " + template + " must end with {name}");
        }
        return new Route("POST", template, true, handler);
    }

    boolean hasParameter() {
        return path.endsWith("}");
    }

    /** For a parameter route: the fixed part before the parameter, e.g. {@code /v1/predict/}. */
    String prefix() {
        return path.substring(0, path.indexOf('{'));
    }
}
