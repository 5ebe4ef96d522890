package dev.lockstep.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code train --training-set F --out <models>/<name>/<version> --service S}: logistic regression on a
 * training-set CSV, written as {@code model.onnx} plus {@code manifest.json} for serving.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a logistic regression from a training-set CSV and write model.onnx + manifest.json.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--training-set", required = true,
            description = "CSV file or directory of part files: batch's training-set CSV, or entity,label_time_ms,label,<column>...")
    Path trainingSet;

    @Option(names = "--group", description = "feature group of batch's training-set CSV (its columns are feature names)")
    String group;

    @Option(names = "--out", required = true, description = "<models>/<name>/<version>; must not exist")
    Path out;

    @Option(names = "--service", required = true, description = "feature service whose features the model reads")
    String service;

    @Option(names = "--prediction", defaultValue = "probability",
            description = "response field for the probability of label 1 (default: ${DEFAULT-VALUE})")
    String prediction;

    @Option(names = "--epochs", defaultValue = "20", description = "SGD epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "SGD shuffle seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        TrainingSetCsv set = TrainingSetCsv.read(trainingSet, group);
        PrintWriter stdout = spec.commandLine().getOut();
        set.ignored().forEach((column, why) -> stdout.printf("ignored column %s: %s%n", column, why));
        if (set.skippedIncomplete() > 0) {
            stdout.printf("skipped %d incomplete rows%n", set.skippedIncomplete());
        }
        LogisticRegression.Trained trained = LogisticRegression.train(set, epochs, seed);
        ObjectNode training = new ObjectMapper().createObjectNode()
                .put("tool", "lockstep model-training: Tribuo 4.3.2 logistic regression (LogMulticlass, AdaGrad)")
                .put("training_set", trainingSet.getFileName().toString())
                .put("rows", trained.rows())
                .put("epochs", epochs)
                .put("seed", seed)
                .put("training_accuracy", trained.accuracy());
        ModelDirectory.write(out, trained, service, prediction, training);
        stdout.printf("wrote %s: %d rows, inputs %s, training accuracy %.4f%n", out, trained.rows(),
                trained.inputColumns(), trained.accuracy());
        return 0;
    }
}
