package dev.lockstep.serving.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's {@link GracefulHandler}, which counts the requests in flight so that a stop waits for them, with the
 * API's own answer to a request that arrives on an open connection once the server is shutting down:
 * 503 {@code shutting_down} in the API's JSON (Jetty's would be an HTML error page) and {@code Connection: close},
 * so the client retries on another connection, which a load balancer sends to another instance. Such a request
 * has not been run (its body is not even read), so it is not dead-lettered: it is the client's to retry.
 */
public final class DrainingHandler extends GracefulHandler {

    private final ServingMetrics metrics;
    private final RequestIds requestIds;

    public DrainingHandler(Handler handler, ServingMetrics metrics, RequestIds requestIds) {
        super(handler);
        this.metrics = metrics;
        this.requestIds = requestIds;
    }

    @Override
    protected void handleShutdownRejection(Request request, Response response, Callback callback) {
        metrics.countError("shutting_down");
        String id = requestIds.ofOrNew(request.getHeaders().get(RequestIds.HEADER));
        HttpReply reply = HttpReply.error(new ApiException(503, "shutting_down", "the server is shutting down and "
                + "takes no new request; " + request.getMethod() + " " + Request.getPathInContext(request)
                + " was not run: send it again"), id);
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(RequestIds.HEADER, id);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
}
