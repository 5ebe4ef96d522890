package dev.lockstep.serving.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.features.spec.FeatureRef;
import dev.lockstep.features.spec.StalenessPolicy;
import java.util.Map;

/**
 * The JSON body of a {@code POST /v1/features} answer (docs/api.md). Decides each feature's status: a
 * stale group makes all its features {@code stale} (the pipeline being behind is what a caller must know
 * first, and it may also be why an entity has no tiles yet); otherwise an entity without tiles is
 * {@code missing}, else {@code fresh}. Under {@code fallback_default} a stale feature's value is null.
 */
final class ResponseBuilder {

    private final ObjectNode body = HttpReply.MAPPER.createObjectNode();
    private final ArrayNode results;
    private final StalenessPolicy policy;
    private final Map<String, GroupStatus> statuses;

    ResponseBuilder(ServedService service, long readTimeMillis, Map<String, GroupStatus> statuses) {
        this.policy = service.policy();
        this.statuses = statuses;
        body.put("service", service.name());
        body.put("staleness_policy", policy.specName());
        body.put("read_time_ms", readTimeMillis);
        ObjectNode groups = body.putObject("groups");
        for (ServedGroup group : service.groups()) {
            GroupStatus status = statuses.get(group.name());
            ObjectNode node = groups.putObject(group.name());
            putAge(node, status);
            node.put("freshness_ms", group.freshnessMillis());
            node.put("status", status.stale() ? "stale" : "fresh");
        }
        results = body.putArray("results");
    }

    /** Adds an entity's result and returns its {@code features} object to fill. */
    ObjectNode addEntity(Map<String, String> entity) {
        ObjectNode result = results.addObject();
        ObjectNode entityNode = result.putObject("entity");
        entity.forEach(entityNode::put);
        return result.putObject("features");
    }

    void addFeature(ObjectNode features, FeatureRef ref, Object value, boolean hasTiles) {
        GroupStatus group = statuses.get(ref.group());
        String status = status(group, hasTiles);
        ObjectNode node = features.putObject(ref.toString());
        boolean withhold = group.stale() && policy == StalenessPolicy.FALLBACK_DEFAULT;
        node.set("value", withhold ? HttpReply.MAPPER.nullNode() : HttpReply.valueNode(value));
        putAge(node, group);
        node.put("status", status);
    }

    /** A feature's status: {@code stale} (its group is), else {@code missing} (the entity has no tiles), else fresh. */
    static String status(GroupStatus group, boolean hasTiles) {
        return group.stale() ? "stale" : hasTiles ? "fresh" : "missing";
    }

    ObjectNode body() {
        return body;
    }

    static void putAge(ObjectNode node, GroupStatus status) {
        if (status.ageMillis() == null) {
            node.putNull("age_ms");
        } else {
            node.put("age_ms", status.ageMillis().longValue());
        }
    }
}
