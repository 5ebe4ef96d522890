package dev.lockstep.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.training.LogisticRegression;
import dev.lockstep.training.ModelDirectory;
import dev.lockstep.training.TrainingSetCsv;
import java.nio.file.Path;

/**
 * Trains the demo's fraud model from the batch training set with model-training (Tribuo logistic
 * regression exported to ONNX) and writes it as a new version into serving's model directory, where
 * serving's repository picks it up (docs/api.md, "Models").
 */
final class DemoModel {

    static final String NAME = "fraud";
    static final String PREDICTION = "fraud_probability";

    private DemoModel() {
    }

    record Trained(Path directory, int rows, double accuracy) {
    }

    static Trained train(Path trainingSetCsv, Path modelsRoot, String service, long seed) {
        TrainingSetCsv set = TrainingSetCsv.read(trainingSetCsv);
        LogisticRegression.Trained trained = LogisticRegression.train(set, 20, seed);
        ObjectNode training = new ObjectMapper().createObjectNode()
                .put("tool", "lockstep demo: model-training's Tribuo logistic regression")
                .put("training_set", trainingSetCsv.getFileName().toString())
                .put("rows", trained.rows())
                .put("epochs", 20)
                .put("seed", seed)
                .put("training_accuracy", trained.accuracy());
        Path version = modelsRoot.resolve(NAME).resolve("1");
        ModelDirectory.write(version, trained, service, PREDICTION, training);
        return new Trained(version, trained.rows(), trained.accuracy());
    }
}
