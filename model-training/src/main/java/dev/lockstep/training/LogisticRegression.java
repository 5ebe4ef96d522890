package dev.lockstep.training;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a binary logistic regression with Tribuo (log loss, AdaGrad) on a {@link TrainingSetCsv} and
 * exports it to ONNX. A missing cell is an absent Tribuo feature, which Tribuo's dense ONNX input reads as
 * 0, so 0 is the default the manifest declares for missing features: serving then feeds the model what
 * training saw.
 */
public final class LogisticRegression {

    private static final LabelFactory LABELS = new LabelFactory();
    static final Label POSITIVE = new Label("1");

    private LogisticRegression() {
    }

    /**
     * @param inputColumns the model's input columns in the order of its single float tensor: Tribuo's
     *                     feature ids, which it assigns in sorted feature-name order
     */
    public record Trained(LinearSGDModel model, List<String> inputColumns, int positiveIndex, double accuracy,
            int rows) {

        /** The ONNX graph, with Tribuo's provenance in its metadata. */
        public OnnxMl.ModelProto onnx(String domain, long version) {
            return model.exportONNXModel(domain, version);
        }
    }

    public static Trained train(TrainingSetCsv set, int epochs, long seed) {
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance(set.file().toString(), LABELS), LABELS);
        set.rows().forEach(row -> data.add(example(set.columns(), row)));
        if (data.getOutputs().size() != 2) {
            throw new TrainingException(set.file() + ": a binary model needs rows labelled 0 and 1, got only "
                    + data.getOutputs());
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs, seed);
        LinearSGDModel model = trainer.train(data);
        ImmutableFeatureMap features = model.getFeatureIDMap();
        List<String> columns = new ArrayList<>(features.size());
        for (int id = 0; id < features.size(); id++) {
            columns.add(features.get(id).getName());
        }
        int correct = 0;
        for (Example<Label> example : data) {
            Prediction<Label> prediction = model.predict(example);
            correct += prediction.getOutput().getLabel().equals(example.getOutput().getLabel()) ? 1 : 0;
        }
        return new Trained(model, columns, model.getOutputIDInfo().getID(POSITIVE), (double) correct / data.size(),
                data.size());
    }

    static Example<Label> example(List<String> columns, TrainingSetCsv.Row row) {
        ArrayExample<Label> example = new ArrayExample<>(new Label(Integer.toString(row.label())));
        for (int i = 0; i < columns.size(); i++) {
            OptionalDouble value = row.values().get(i);
            if (value.isPresent()) {
                example.add(columns.get(i), value.getAsDouble());
            }
        }
        return example;
    }
}
