package dev.lockstep.wire.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Request and response bodies of the Confluent Schema Registry REST API, v1 media type. Only the
 * fields the wire format needs are read; everything else a registry adds is ignored.
 */
public final class RegistryJson {

    /** The media type Confluent's registry, Apicurio's ccompat API, Karapace and Redpanda accept. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryJson() {
    }

    /** {@code {"schema": "<schema JSON as a string>"}}. */
    public static String schemaRequest(String schemaJson) {
        return MAPPER.createObjectNode().put("schema", schemaJson).toString();
    }

    /** Parses a response body; empty if it is not JSON (a proxy's HTML error page, say). */
    public static Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readTree(body));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    /** The registry's {@code error_code}, or -1 if the body has none. */
    public static int errorCode(String body) {
        return parse(body).map(json -> json.path("error_code").asInt(-1)).orElse(-1);
    }

    /** The registry's error {@code message}, or the start of the raw body if it is not a registry error. */
    public static String errorMessage(String body) {
        Optional<String> message = parse(body)
                .map(json -> json.path("message"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
        if (message.isPresent()) {
            return message.get();
        }
        String raw = body == null ? "" : body.strip();
        return raw.isEmpty() ? "(empty body)" : abbreviate(raw, 200);
    }

    /** Abbreviates {@code text} to at most {@code max} characters, marking the cut. */
    public static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
