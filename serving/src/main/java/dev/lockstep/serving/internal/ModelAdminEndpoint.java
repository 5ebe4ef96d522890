package dev.lockstep.serving.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.serving.model.ModelRepository;

/**
 * {@code POST /admin/models/reload}: scans the model directory now (also retrying versions that failed
 * before) and answers each model's outcome. The poller does the same on its own; this is for operators
 * who just copied a version in, or fixed one that failed.
 */
public final class ModelAdminEndpoint {

    public static final String PATH = "/admin/models/reload";

    private final ModelRepository models;

    public ModelAdminEndpoint(ModelRepository models) {
        this.models = models;
    }

    public HttpReply reload() {
        ObjectNode body = HttpReply.MAPPER.createObjectNode();
        ObjectNode byModel = body.putObject("models");
        models.reload(true).forEach((model, outcome) -> {
            ObjectNode node = byModel.putObject(model).put("status", outcome.status());
            node.put("version", outcome.version());
            if (outcome.error() != null) {
                node.put("error", outcome.error());
            }
        });
        return HttpReply.json(200, body);
    }
}
