package dev.lockstep.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.features.spec.StalenessPolicy;
import dev.lockstep.serving.model.ModelManifest;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a prediction request into model input rows, column by column as the manifest says, and records
 * what each feature contributed. A feature's input is its served value, or the manifest's default when
 * the value is null (an empty window) or withheld (a stale group under {@code fallback_default}). A
 * request field's input is the number sent, or its default when omitted and the manifest has one.
 */
final class PredictInputs {

    private PredictInputs() {
    }

    /** The request-time fields the manifest takes, checked: 422 for unknown, missing or non-numeric ones. */
    static Map<String, Double> requestFields(ModelManifest manifest, JsonNode request) {
        Map<String, ModelManifest.Column> columns = new LinkedHashMap<>();
        manifest.requestFields().forEach(c -> columns.put(c.name(), c));
        String model = "model " + manifest.model() + " version " + manifest.version();
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!columns.containsKey(name)) {
                throw ApiException.unprocessable("unknown_request_field", "request has unknown field '" + name
                        + "'; " + model + " takes " + new TreeSet<>(columns.keySet()));
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (ModelManifest.Column column : columns.values()) {
            JsonNode value = request.get(column.name());
            if (value == null || value.isNull()) {
                if (column.defaultValue() == null) {
                    throw ApiException.unprocessable("missing_request_field", "request has no field '"
                            + column.name() + "', which " + model + " needs");
                }
                values.put(column.name(), column.defaultValue());
            } else if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                throw ApiException.unprocessable("invalid_request_field", "request." + column.name()
                        + " must be a number, got " + value);
            } else {
                values.put(column.name(), value.doubleValue());
            }
        }
        return values;
    }

    /**
     * Fills one row per manifest input and, in {@code features}, one entry per feature column:
     * {@code value} (as served, null when withheld), {@code input} (what the model got), {@code age_ms}, {@code status}.
     */
    static Map<String, float[]> rows(ModelManifest manifest, ServedService service, Map<String, String> entity,
            FeatureValues values, Map<String, Double> requestFields, ObjectNode features) {
        Map<String, String> entityFieldOfGroup = new HashMap<>();
        service.groups().forEach(g -> entityFieldOfGroup.put(g.name(), g.entityField()));
        Map<String, float[]> rows = new LinkedHashMap<>();
        for (ModelManifest.Input input : manifest.inputs()) {
            float[] row = new float[input.columns().size()];
            for (int i = 0; i < row.length; i++) {
                ModelManifest.Column column = input.columns().get(i);
                row[i] = (float) (column.source() == ModelManifest.Column.Source.REQUEST
                        ? requestFields.get(column.name())
                        : feature(column, service.policy(), entity, entityFieldOfGroup, values, features));
            }
            rows.put(input.name(), row);
        }
        return rows;
    }

    private static double feature(ModelManifest.Column column, StalenessPolicy policy, Map<String, String> entity,
            Map<String, String> entityFieldOfGroup, FeatureValues values, ObjectNode features) {
        int dot = column.name().indexOf('.');
        String group = column.name().substring(0, dot);
        String feature = column.name().substring(dot + 1);
        String key = entity.get(entityFieldOfGroup.get(group));
        GroupStatus status = values.status(group);
        boolean withheld = status.stale() && policy == StalenessPolicy.FALLBACK_DEFAULT;
        Object value = withheld ? null : values.value(group, key, feature);
        double input = value == null ? column.defaultValue() : ((Number) value).doubleValue();
        if (!features.has(column.name())) {
            ObjectNode node = features.putObject(column.name());
            node.set("value", HttpReply.valueNode(value));
            node.put("input", input);
            ResponseBuilder.putAge(node, status);
            node.put("status", ResponseBuilder.status(status, values.hasTiles(group, key)));
        }
        return input;
    }
}
