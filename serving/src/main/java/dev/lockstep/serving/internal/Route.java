package dev.lockstep.serving.internal;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One endpoint: method and path it answers, whether it reads a body, and the handler from the
 * {@link ApiRequest} to a reply. A path ending in {@code {name}} matches any one non-empty segment there, which the
 * handler gets as the request's parameter (null for fixed paths). Handlers throw {@link ApiException} for answers
 * that are errors; the {@link Router} renders them.
 */
public record Route(String method, String path, boolean readsBody, Function<ApiRequest, HttpReply> handler) {

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
    }

    /** A GET answered from nothing of the request (status endpoints). */
    public static Route get(String path, Supplier<HttpReply> handler) {
        return new Route("GET", path, false, request -> handler.get());
    }

    /** A POST whose handler takes the whole request: body, caller (it limits what it does to what they may use), id. */
    public static Route post(String path, Function<ApiRequest, HttpReply> handler) {
        return new Route("POST", path, true, handler);
    }

    /** A POST whose last path segment is a parameter, e.g. {@code /v1/predict/{model}}. */
    public static Route postWithParameter(String template, Function<ApiRequest, HttpReply> handler) {
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
