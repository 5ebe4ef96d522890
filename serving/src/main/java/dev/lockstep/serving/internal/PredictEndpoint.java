package dev.lockstep.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.serving.DeadLetterSink;
import dev.lockstep.serving.FailedRequest;
import dev.lockstep.serving.model.LoadedModel;
import dev.lockstep.serving.model.ModelMetrics;
import dev.lockstep.serving.model.ModelRepository;
import dev.lockstep.store.OnlineStoreException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /v1/predict/{model}}: the model's current version is leased for the whole request (so a hot
 * swap never changes the version halfway, and the response names the version that computed it), the
 * entity's features are read like {@code POST /v1/features} reads them, assembled with the request fields
 * as the manifest says, and run with a deadline. Server-side failures (5xx) are dead-lettered.
 */
public final class PredictEndpoint {

    public static final String PATH = "/v1/predict/{model}";
    private static final String PREFIX = "/v1/predict/";
    private static final Set<String> TOP_LEVEL = Set.of("entity", "request");

    private final ModelRepository models;
    private final FeatureReader reader;
    private final InferenceRunner inference;
    private final ModelMetrics metrics;
    private final DeadLetterSink deadLetters;
    private final Clock clock;

    public PredictEndpoint(ModelRepository models, FeatureReader reader, InferenceRunner inference,
            ModelMetrics metrics, DeadLetterSink deadLetters, Clock clock) {
        this.models = models;
        this.reader = reader;
        this.inference = inference;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public HttpReply handle(ApiRequest call) {
        String model = call.parameter();
        call.caller().requireModel(model);
        JsonNode root = shape(call.body());
        LoadedModel lease = models.acquire(model).orElseThrow(() -> {
            if (!models.known().contains(model)) {
                return new ApiException(404, "unknown_model", "unknown model '" + model + "'; this server has "
                        + models.known());
            }
            return deadLettered(model, call, new ApiException(503, "model_unavailable", "model " + model
                    + " has no loaded version; the server log says why"));
        });
        try {
            ServedService service = lease.service();
            Map<String, String> entity = FeatureRequestParser.entity(service, "entity", root.get("entity"));
            Map<String, Double> requestFields = PredictInputs.requestFields(lease.manifest(),
                    root.has("request") ? root.get("request") : HttpReply.MAPPER.createObjectNode());
            try {
                return HttpReply.json(200, predict(lease, service, entity, requestFields));
            } catch (ApiException e) {
                throw deadLettered(model, call, e);
            } catch (OnlineStoreException e) {
                throw deadLettered(model, call, FeaturesEndpoint.storeFailure(e, service.name()));
            } catch (RuntimeException e) {
                throw deadLettered(model, call, ApiException.internal("POST " + PREFIX + model, call.id(), e));
            }
        } finally {
            lease.release();
        }
    }

    private ObjectNode predict(LoadedModel lease, ServedService service, Map<String, String> entity,
            Map<String, Double> requestFields) {
        FeatureValues values = reader.fetch(service, List.of(entity));
        ObjectNode response = HttpReply.MAPPER.createObjectNode()
                .put("model", lease.name())
                .put("model_version", lease.version())
                .put("service", service.name())
                .put("read_time_ms", values.readTimeMillis());
        ObjectNode prediction = response.putObject("prediction");
        ObjectNode features = HttpReply.MAPPER.createObjectNode();
        Map<String, float[]> rows = PredictInputs.rows(lease.manifest(), service, entity, values, requestFields,
                features);
        long start = System.nanoTime();
        Map<String, Float> outputs = inference.run(lease, rows);
        metrics.recordInference(lease.name(), System.nanoTime() - start);
        outputs.forEach((field, value) -> {
            prediction.put(field, value.floatValue());
            metrics.recordPrediction(lease.name(), field, value);
        });
        entity.forEach(response.putObject("entity")::put);
        requestFields.forEach(response.putObject("request")::put);
        response.set("features", features);
        return response;
    }

    /** 400 unless the body is {@code {"entity": {...}, "request": {...}}} ({@code request} optional). */
    private static JsonNode shape(byte[] body) {
        JsonNode root = FeatureRequestParser.readJson(body);
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
        if (!root.has("entity") || !root.get("entity").isObject()) {
            throw ApiException.badRequest("invalid_request", "field 'entity' is required and must be an object");
        }
        if (root.has("request") && !root.get("request").isObject()) {
            throw ApiException.badRequest("invalid_request", "field 'request' must be an object");
        }
        return root;
    }

    private ApiException deadLettered(String model, ApiRequest call, ApiException error) {
        if (error.status() >= 500) {
            deadLetters.send(new FailedRequest(PREFIX + model, model, call.id(), error.status(), error.code(),
                    error.getMessage(), call.body(), clock.millis()));
        }
        return error;
    }
}
