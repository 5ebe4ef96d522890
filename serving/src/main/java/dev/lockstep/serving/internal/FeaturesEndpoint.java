package dev.lockstep.serving.internal;

import dev.lockstep.serving.DeadLetterSink;
import dev.lockstep.serving.FailedRequest;
import dev.lockstep.store.OnlineStoreException;
import dev.lockstep.store.RedisUnavailableException;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /v1/features}: parse, read, answer. Store failures become precise HTTP errors, and every
 * server-side failure (5xx) of a valid request goes to the dead-letter sink with its payload.
 */
public final class FeaturesEndpoint {

    static final String PATH = "/v1/features";

    private final FeatureRequestParser parser;
    private final FeatureReader reader;
    private final DeadLetterSink deadLetters;
    private final Clock clock;

    public FeaturesEndpoint(FeatureRequestParser parser, FeatureReader reader, DeadLetterSink deadLetters,
            Clock clock) {
        this.parser = parser;
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public HttpReply handle(ApiRequest call) {
        FeatureRequest request = parser.parse(call.body());
        call.caller().requireService(request.service().name());
        try {
            return HttpReply.json(200, reader.read(request));
        } catch (ApiException e) {
            throw deadLettered(request, call, e);
        } catch (OnlineStoreException e) {
            throw deadLettered(request, call, storeFailure(e, request.service().name()));
        } catch (RuntimeException e) {
            // A valid request that met a bug or a stored tile it cannot read: replayable once that is mended.
            throw deadLettered(request, call, ApiException.internal("POST " + PATH, call.id(), e));
        }
    }

    /**
     * A store failure as the API answers it: 503 {@code store_unavailable} when Redis is unreachable
     * (transient: the store reconnects by itself, /ready reports the same outage), 500 {@code store_error}
     * for an error reply.
     */
    static ApiException storeFailure(OnlineStoreException e, String service) {
        if (e instanceof RedisUnavailableException) {
            return new ApiException(503, "store_unavailable", "the online store is unavailable: " + e.getMessage(),
                    List.of(), e);
        }
        return new ApiException(500, "store_error", "the online store failed reading service " + service + ": "
                + e.getMessage(), List.of(), e);
    }

    private ApiException deadLettered(FeatureRequest request, ApiRequest call, ApiException error) {
        if (error.status() >= 500) {
            deadLetters.send(new FailedRequest(PATH, request.service().name(), call.id(), error.status(), error.code(),
                    error.getMessage(), call.body(), clock.millis()));
        }
        return error;
    }
}
