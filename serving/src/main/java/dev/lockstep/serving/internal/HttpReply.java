package dev.lockstep.serving.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** A complete HTTP answer: status, content type and body bytes. Endpoints build these; the router sends them. */
public record HttpReply(int status, String contentType, byte[] body) {

    /** Strict on input: trailing garbage and duplicate keys are errors, not silently ignored. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String JSON = "application/json";

    public static HttpReply json(int status, JsonNode node) {
        try {
            return new HttpReply(status, JSON, MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a response of status " + status, e);
        }
    }

    /**
     * A feature value as a JSON node: the engine's value types directly (long, double, string, boolean,
     * null), anything else through the mapper. {@code valueToTree} writes every value through a token
     * buffer and reads it back: a visible share of a prediction's CPU at one call per feature.
     */
    static JsonNode valueNode(Object value) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        } else if (value instanceof Long number) {
            return JsonNodeFactory.instance.numberNode(number.longValue());
        } else if (value instanceof Double number) {
            return JsonNodeFactory.instance.numberNode(number.doubleValue());
        } else if (value instanceof String text) {
            return JsonNodeFactory.instance.textNode(text);
        } else if (value instanceof Boolean flag) {
            return JsonNodeFactory.instance.booleanNode(flag);
        }
        return MAPPER.valueToTree(value);
    }

    public static HttpReply text(int status, String contentType, String body) {
        return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON error body of the API: {@code {"error": code, "message": ..., "request_id": ...}}. */
    public static HttpReply error(ApiException e, String requestId) {
        ObjectNode body = MAPPER.createObjectNode().put("error", e.code()).put("message", e.getMessage())
                .put("request_id", requestId);
        if (!e.staleGroups().isEmpty()) {
            e.staleGroups().forEach(body.putArray("stale_groups")::add);
        }
        return json(e.status(), body);
    }
}
