package dev.lockstep.serving.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one Jetty handler: exact-path routing plus one trailing path parameter ({@code /v1/predict/{model}}; the
 * API has a handful of paths, so no router library),
 * body reading with a size cap, the request's id ({@link RequestIds}), error rendering and the request latency timer. Runs on Jetty's bounded
 * request threads ({@code Handler.Abstract} is blocking), which may wait on Redis for at most the store's
 * command timeout.
 */
public final class Router extends Handler.Abstract {

    private final Map<String, Route> routes;
    private final List<Route> parameterRoutes;
    private final ServingMetrics metrics;
    private final int maxBodyBytes;
    private final AccessGuard accessGuard;
    private final RequestIds requestIds;

    public Router(List<Route> routes, ServingMetrics metrics, int maxBodyBytes, AccessGuard accessGuard,
            RequestIds requestIds) {
        this.routes = routes.stream().filter(r -> !r.hasParameter())
                .collect(Collectors.toUnmodifiableMap(Route::path, Function.identity()));
        this.parameterRoutes = routes.stream().filter(Route::hasParameter).toList();
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.accessGuard = accessGuard;
        this.requestIds = requestIds;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        Route route = routes.get(path);
        String parameter = null;
        if (route == null) {
            for (Route candidate : parameterRoutes) {
                String rest = path.startsWith(candidate.prefix()) ? path.substring(candidate.prefix().length()) : "";
                if (!rest.isEmpty() && rest.indexOf('/') < 0) {
                    route = candidate;
                    parameter = rest;
                }
            }
        }
        String id;
        ApiException badId = null;
        try {
            id = requestIds.of(request.getHeaders().get(RequestIds.HEADER));
        } catch (ApiException e) {
            id = requestIds.of(null); // the answer still gets an id, for the caller's and the server's logs
            badId = e;
        }
        HttpReply reply;
        boolean[] bodyRead = {false};
        try {
            reply = answer(route, parameter, path, request, id, badId, bodyRead);
        } catch (ApiException e) {
            metrics.countError(e.code());
            reply = HttpReply.error(e, id);
        } catch (RuntimeException e) {
            metrics.countError("internal");
            reply = HttpReply.error(ApiException.internal(request.getMethod() + " " + path, id, e), id);
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put(RequestIds.HEADER, id);
        if (reply.status() == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer"); // RFC 6750: the scheme to use
        }
        if (!bodyRead[0] && hasBody(request)) {
            // Answered before its body was read (refused, unknown path, too large): Jetty may close the
            // connection rather than drain the body, so say so, or a keep-alive client sends its next request
            // down a connection that is being closed.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        metrics.recordRequest(route == null ? "unmatched" : route.path(), System.nanoTime() - start);
        return true;
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getLength() < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private HttpReply answer(Route route, String parameter, String path, Request request, String id,
            ApiException badId, boolean[] bodyRead) {
        if (route == null) {
            throw new ApiException(404, "not_found", "no endpoint at " + path + "; endpoints are "
                    + java.util.stream.Stream.concat(routes.values().stream(), parameterRoutes.stream())
                    .map(r -> r.method() + " " + r.path()).sorted().toList());
        }
        if (!route.method().equals(request.getMethod())) {
            throw new ApiException(405, "method_not_allowed", path + " answers " + route.method() + ", not "
                    + request.getMethod());
        }
        ApiCaller caller = accessGuard.check(path, request);
        if (badId != null) {
            throw badId;
        }
        byte[] body = route.readsBody() ? readBody(request, path) : new byte[0];
        bodyRead[0] = route.readsBody();
        return route.handler().apply(new ApiRequest(parameter, body, caller, id));
    }

    private byte[] readBody(Request request, String path) {
        long declared = request.getLength(); // -1 without a Content-Length (chunked)
        if (declared > maxBodyBytes) {
            throw tooLarge(path);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            // With a declared length, read into an array of exactly that size: readNBytes(limit) would
            // allocate an 8 KiB chunk and copy out of it for every (typically 100-byte) request.
            byte[] body = in.readNBytes(declared >= 0 ? (int) declared : maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw tooLarge(path);
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(400, "unreadable_body", "could not read the request body of " + path + ": "
                    + e.getMessage(), List.of(), e);
        }
    }

    private ApiException tooLarge(String path) {
        return new ApiException(413, "body_too_large", "the request body of " + path + " exceeds "
                + maxBodyBytes + " bytes");
    }
}
