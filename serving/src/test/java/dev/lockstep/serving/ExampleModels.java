package dev.lockstep.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The example fraud models committed under {@code src/test/resources/models/fraud/{1,2}} (made by
 * model-training/examples/make-example-models.sh), copied into a test's model directory, and reference
 * scores computed straight from model.onnx with inputs written out by hand in the model's column order:
 * amount_avg_30d, amount_max_24h, amount_sum_1h, merchants_24h, txn_count_10m, request amount.
 */
final class ExampleModels {

    static final Path SOURCE = Path.of("src", "test", "resources", "models", "fraud");

    private ExampleModels() {
    }

    /**
     * The model settings of tests that are not about the deadline: a loaded 2-core machine can deschedule
     * an inference past the default 100 ms, which would fail a test about something else.
     */
    static ModelConfig config(Path root) {
        return ModelConfig.defaults(root).withInferenceTimeout(java.time.Duration.ofSeconds(10));
    }

    /** Copies version {@code version} into {@code <root>/fraud/<as>}: staged, then renamed, as a deployer should. */
    static void install(Path root, String version, String as) {
        try {
            Path target = root.resolve("fraud").resolve(as);
            Path staging = root.resolve("fraud").resolve("." + as + ".tmp");
            Files.createDirectories(staging);
            try (Stream<Path> files = Files.list(SOURCE.resolve(version))) {
                for (Path f : files.toList()) {
                    Files.copy(f, staging.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!version.equals(as)) {
                Path manifest = staging.resolve("manifest.json");
                Files.writeString(manifest, Files.readString(manifest)
                        .replace("\"version\" : \"" + version + "\"", "\"version\" : \"" + as + "\""));
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Installs {@code src/test/resources/models-slow/model.onnx} (a Loop that spins ~1.6 s unless terminated, same interface)
     * with version 1's manifest as {@code <root>/fraud/<as>}.
     */
    static void installSlow(Path root, String as) {
        try {
            Path target = root.resolve("fraud").resolve(as);
            Files.createDirectories(target);
            Files.copy(Path.of("src", "test", "resources", "models-slow", "model.onnx"), target.resolve("model.onnx"));
            Files.writeString(target.resolve("manifest.json"), Files.readString(SOURCE.resolve("1").resolve("manifest.json"))
                    .replace("\"version\" : \"1\"", "\"version\" : \"" + as + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The probability of fraud that version {@code version} gives for one row of inputs. */
    static float score(String version, float... row) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(SOURCE.resolve(version).resolve("model.onnx").toString());
             OnnxTensor input = OnnxTensor.createTensor(env, new float[][] {row});
             OrtSession.Result result = session.run(Map.of("input", input))) {
            return ((float[][]) result.get("output").orElseThrow().getValue())[0][1];
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
