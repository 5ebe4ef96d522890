package dev.lockstep.serving.internal;

import dev.lockstep.serving.ApiGrant;
import java.util.Set;

/**
 * Who called the API, as far as the feature services and models it may use: the grant its token matched,
 * or anyone when the API has no tokens. Endpoints check it once they know what a request asks for.
 */
public record ApiCaller(String name, Set<String> services, Set<String> models) {

    /** Every caller of an API without tokens. */
    public static final ApiCaller ANYONE = new ApiCaller("anyone", Set.of(ApiGrant.ALL), Set.of(ApiGrant.ALL));

    static ApiCaller of(ApiGrant grant) {
        return new ApiCaller(grant.name(), grant.services(), grant.models());
    }

    /** @throws ApiException 403 {@code forbidden} if the token does not grant reading {@code service} */
    public void requireService(String service) {
        if (!ApiGrant.covers(services, service)) {
            throw forbidden("read feature service " + service, "read", services);
        }
    }

    /** @throws ApiException 403 {@code forbidden} if the token does not grant calling {@code model} */
    public void requireModel(String model) {
        if (!ApiGrant.covers(models, model)) {
            throw forbidden("call model " + model, "call models", models);
        }
    }

    private ApiException forbidden(String what, String verb, Set<String> granted) {
        return new ApiException(403, "forbidden", "the API token of " + name + " may not " + what + "; it may "
                + verb + " " + (granted.isEmpty() ? "none" : granted.stream().sorted().toList().toString()));
    }
}
