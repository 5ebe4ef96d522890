package dev.lockstep.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.classification.Label;

/**
 * Trains on the engine-computed example training set (fewer cards, for speed), runs the exported model in
 * ONNX Runtime, the runtime serving uses, and requires Tribuo's own probabilities for the same rows.
 */
class TrainCommandTest {

    @TempDir
    static Path dir;
    static Path trainingSet;

    @BeforeAll
    static void writeTrainingSet() throws Exception {
        trainingSet = dir.resolve("fraud.csv");
        new ExampleTrainingSet(7).write(trainingSet, 120);
    }

    @Test
    void shouldWriteAModelWhoseOnnxScoresEqualTribuosAndAManifestInItsInputOrder() throws Exception {
        TrainingSetCsv set = TrainingSetCsv.read(trainingSet);
        LogisticRegression.Trained trained = LogisticRegression.train(set, 10, 3);
        Path out = dir.resolve("models/fraud/7");
        ModelDirectory.write(out, trained, "fraud_v1", "fraud_probability",
                new ObjectMapper().createObjectNode());

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        List<String> columns = new ArrayList<>();
        manifest.at("/inputs/0/columns").forEach(c -> columns.add(c.has("feature")
                ? c.get("feature").asText() : "request." + c.get("request").asText()));
        assertThat(columns).isEqualTo(trained.inputColumns()).isSorted();
        assertThat(manifest.get("model").asText()).isEqualTo("fraud");
        assertThat(manifest.get("version").asText()).isEqualTo("7");
        assertThat(manifest.get("service").asText()).isEqualTo("fraud_v1");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(Files.readAllBytes(out.resolve("model.onnx")))) {
            String input = manifest.at("/inputs/0/name").asText();
            NodeInfo info = session.getInputInfo().get(input);
            assertThat(((TensorInfo) info.getInfo()).getShape()).containsExactly(-1, columns.size());
            int positive = manifest.at("/outputs/0/index").asInt();
            for (TrainingSetCsv.Row row : set.rows().subList(0, 50)) {
                float[][] x = new float[1][columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    x[0][i] = (float) row.values().get(set.columns().indexOf(columns.get(i))).orElse(0.0);
                }
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, x);
                     OrtSession.Result result = session.run(Map.of(input, tensor))) {
                    float[][] scores = (float[][]) result.get(manifest.at("/outputs/0/name").asText()).get().getValue();
                    Example<Label> example = LogisticRegression.example(set.columns(), row);
                    double tribuo = trained.model().predict(example).getOutputScores().get("1").getScore();
                    assertThat((double) scores[0][positive]).as("row %s", row).isCloseTo(tribuo, within(1e-5));
                }
            }
        }
    }

    @Test
    void shouldTrainFromTheCommandLineAndRefuseToOverwriteAVersion() {
        Path out = dir.resolve("cli/fraud/1");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        String[] args = {"train", "--training-set", trainingSet.toString(), "--out", out.toString(),
                "--service", "fraud_v1", "--epochs", "5"};

        int first = TrainingMain.commandLine().setOut(new PrintWriter(stdout)).execute(args);
        int second = TrainingMain.commandLine().setErr(new PrintWriter(stderr)).execute(args);

        assertThat(first).isZero();
        assertThat(out.resolve("model.onnx")).isNotEmptyFile();
        assertThat(out.resolve("manifest.json")).isNotEmptyFile();
        assertThat(stdout.toString()).startsWith("wrote " + out + ": 360 rows");
        assertThat(second).isEqualTo(2);
        assertThat(stderr.toString()).contains("model version directory " + out.toAbsolutePath()
                + " already exists; a version is immutable, write a new one");
    }
}
