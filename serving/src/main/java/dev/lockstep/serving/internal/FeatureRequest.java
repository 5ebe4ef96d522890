package dev.lockstep.serving.internal;

import java.util.List;
import java.util.Map;

/**
 * A validated {@code POST /v1/features} request.
 *
 * @param entities one map per requested entity: entity field (e.g. {@code card_id}) to its key, in
 *                 request order; every field the service needs is present and non-empty
 */
public record FeatureRequest(ServedService service, List<Map<String, String>> entities) {

    public FeatureRequest {
        entities = List.copyOf(entities);
    }
}
