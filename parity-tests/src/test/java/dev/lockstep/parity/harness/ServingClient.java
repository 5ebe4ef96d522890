package dev.lockstep.parity.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.parity.report.RowKey;
import dev.lockstep.parity.report.SideValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads feature values through the serving API, {@code POST /v1/features}, as a caller would. */
public final class ServingClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_REQUEST = 50;

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI features;
    private final String entityField;

    public ServingClient(URI server, String entityField) {
        this.features = server.resolve("/v1/features");
        this.entityField = entityField;
    }

    /**
     * Asks for every entity and adds one row per (group, entity) at the response's read time, which must be
     * {@code expectedReadTime} (the server's clock is set by the test).
     */
    public void read(String service, List<String> entities, long expectedReadTime, SideValues into)
            throws IOException, InterruptedException {
        for (int from = 0; from < entities.size(); from += PER_REQUEST) {
            List<String> chunk = entities.subList(from, Math.min(entities.size(), from + PER_REQUEST));
            ObjectNode body = JSON.createObjectNode().put("service", service);
            ArrayNode list = body.putArray("entities");
            chunk.forEach(e -> list.addObject().put(entityField, e));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(features)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /v1/features answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode root = JSON.readTree(response.body());
            long readTime = root.get("read_time_ms").asLong();
            if (readTime != expectedReadTime) {
                throw new IllegalStateException("served at " + readTime + ", expected " + expectedReadTime);
            }
            for (JsonNode result : root.get("results")) {
                String entity = result.get("entity").get(entityField).asText();
                Map<String, Map<String, Object>> byGroup = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = result.get("features").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> feature = it.next();
                    int dot = feature.getKey().indexOf('.');
                    byGroup.computeIfAbsent(feature.getKey().substring(0, dot), g -> new HashMap<>())
                            .put(feature.getKey().substring(dot + 1), value(feature.getValue().get("value")));
                }
                byGroup.forEach((group, values) -> into.put(new RowKey(readTime, group, entity), values));
            }
        }
    }

    /** JSON back to the engine's value classes: integers to Long, other numbers to Double, arrays to lists. */
    static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.forEach(element -> values.add(value(element)));
            return List.copyOf(values);
        }
        return node.asText();
    }
}
