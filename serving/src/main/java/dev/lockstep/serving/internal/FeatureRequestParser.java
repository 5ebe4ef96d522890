package dev.lockstep.serving.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a request body into a {@link FeatureRequest}, or an {@link ApiException} that says exactly what is
 * wrong: 400 for a body that is not the request's JSON shape, 404 for an unknown service, 422 for entities
 * the service cannot serve or too many of them.
 */
public final class FeatureRequestParser {

    private static final Set<String> TOP_LEVEL = Set.of("service", "entities");
    /** Jackson's "(start marker at [Source: REDACTED ...])" says nothing to a caller; line and column do. */
    private static final Pattern SOURCE_LOCATION = Pattern.compile(" \\(start marker at \\[Source: [^]]*]\\)");

    private final ServiceCatalog catalog;
    private final int maxEntities;

    public FeatureRequestParser(ServiceCatalog catalog, int maxEntities) {
        this.catalog = catalog;
        this.maxEntities = maxEntities;
    }

    public FeatureRequest parse(byte[] body) {
        JsonNode root = readJson(body);
        if (!root.isObject()) {
            throw ApiException.badRequest("invalid_request", "the request body must be a JSON object, got "
                    + root.getNodeType().toString().toLowerCase());
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                throw ApiException.badRequest("invalid_request", "unknown field '" + name
                        + "' in the request; expected " + new TreeSet<>(TOP_LEVEL));
            }
        }
        JsonNode serviceNode = root.get("service");
        if (serviceNode == null || !serviceNode.isTextual()) {
            throw ApiException.badRequest("invalid_request", "field 'service' is required and must be a string");
        }
        JsonNode entitiesNode = root.get("entities");
        if (entitiesNode == null || !entitiesNode.isArray()) {
            throw ApiException.badRequest("invalid_request", "field 'entities' is required and must be an array");
        }
        String serviceName = serviceNode.textValue();
        ServedService service = catalog.service(serviceName).orElseThrow(() -> new ApiException(404,
                "unknown_service", "unknown feature service '" + serviceName + "'; this server has "
                        + catalog.serviceNames()));
        if (entitiesNode.size() > maxEntities) {
            throw ApiException.unprocessable("too_many_entities", "the request has " + entitiesNode.size()
                    + " entities; the limit is " + maxEntities + " per request");
        }
        List<Map<String, String>> entities = new ArrayList<>(entitiesNode.size());
        for (int i = 0; i < entitiesNode.size(); i++) {
            entities.add(entity(service, "entities[" + i + "]", entitiesNode.get(i)));
        }
        return new FeatureRequest(service, entities);
    }

    /** The body as JSON, or a 400 {@code invalid_json} with line and column. */
    static JsonNode readJson(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("invalid_json", "the request body is empty; expected a JSON object");
        }
        try {
            return HttpReply.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "the request body is not valid JSON: "
                    + SOURCE_LOCATION.matcher(e.getOriginalMessage()).replaceAll("")
                    + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), List.of(), e);
        } catch (java.io.IOException e) {
            throw new ApiException(400, "invalid_json", "cannot read the request body as UTF-8 JSON: "
                    + e.getMessage() + " (" + new String(body, 0, Math.min(body.length, 64),
                    StandardCharsets.UTF_8) + ")", List.of(), e);
        }
    }

    /** One entity's key fields, or a 422 naming {@code where} (e.g. {@code entities[0]}) and what is wrong. */
    static Map<String, String> entity(ServedService service, String where, JsonNode node) {
        if (!node.isObject()) {
            throw ApiException.unprocessable("invalid_entity", where + " must be a JSON object such as "
                    + example(service) + ", got " + node);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!service.entityFields().contains(name)) {
                throw ApiException.unprocessable("unknown_entity_field", where + " has unknown field '" + name
                        + "'; service " + service.name() + " takes " + new TreeSet<>(service.entityFields()));
            }
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String field : new TreeSet<>(service.entityFields())) {
            JsonNode value = node.get(field);
            if (value == null) {
                throw ApiException.unprocessable("missing_entity_field", where + " has no field '" + field
                        + "', which service " + service.name() + " needs");
            }
            if (!value.isTextual() || value.textValue().isEmpty()) {
                throw ApiException.unprocessable("invalid_entity_key", where + "." + field
                        + " must be a non-empty string, got " + value);
            }
            keys.put(field, value.textValue());
        }
        return keys;
    }

    private static String example(ServedService service) {
        StringBuilder example = new StringBuilder("{");
        new TreeSet<>(service.entityFields()).forEach(f -> example.append(example.length() > 1 ? ", " : "")
                .append('"').append(f).append("\": \"...\""));
        return example.append('}').toString();
    }
}
