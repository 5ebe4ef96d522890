package dev.lockstep.serving.internal;

import dev.lockstep.store.OnlineStoreException;
import dev.lockstep.store.RedisUnavailableException;
import java.util.List;

/** {@code POST /v1/features}: parse, read, answer; store failures become precise HTTP errors. */
public final class FeaturesEndpoint {

    private final FeatureRequestParser parser;
    private final FeatureReader reader;

    public FeaturesEndpoint(FeatureRequestParser parser, FeatureReader reader) {
        this.parser = parser;
        this.reader = reader;
    }

    public HttpReply handle(byte[] body) {
        FeatureRequest request = parser.parse(body);
        try {
            return HttpReply.json(200, reader.read(request));
        } catch (RedisUnavailableException e) {
            // Transient and retryable: the store reconnects by itself; /ready reports the same outage.
            throw new ApiException(503, "store_unavailable", "the online store is unavailable: "
                    + e.getMessage(), List.of(), e);
        } catch (OnlineStoreException e) {
            throw new ApiException(500, "store_error", "the online store failed reading service "
                    + request.service().name() + ": " + e.getMessage(), List.of(), e);
        }
    }
}
