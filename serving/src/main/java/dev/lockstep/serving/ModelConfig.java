package dev.lockstep.serving;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where models live and how they run (docs/api.md, "Models").
 *
 * @param root             {@code <root>/<model>/<version>/{model.onnx, manifest.json}}
 * @param pollInterval     how often the root is scanned for new versions; {@link Duration#ZERO} turns
 *                         polling off (then only {@code POST /admin/models/reload} loads new versions)
 * @param inferenceTimeout a prediction whose inference takes longer is stopped and answered 504
 */
public record ModelConfig(Path root, Duration pollInterval, Duration inferenceTimeout) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INFERENCE_TIMEOUT = Duration.ofMillis(100);

    public ModelConfig {
        Objects.requireNonNull(root, "root");
        if (pollInterval == null || pollInterval.isNegative()) {
            throw invalid("pollInterval", pollInterval, "must be a non-negative duration");
        }
        if (inferenceTimeout == null || inferenceTimeout.isNegative() || inferenceTimeout.isZero()) {
            throw invalid("inferenceTimeout", inferenceTimeout, "must be a positive duration");
        }
    }

    /** Polls every second, 100 ms inference timeout. */
    public static ModelConfig defaults(Path root) {
        return new ModelConfig(root, DEFAULT_POLL_INTERVAL, DEFAULT_INFERENCE_TIMEOUT);
    }

    public ModelConfig withPollInterval(Duration interval) {
        return new ModelConfig(root, interval, inferenceTimeout);
    }

    public ModelConfig withInferenceTimeout(Duration timeout) {
        return new ModelConfig(root, pollInterval, timeout);
    }

    private static IllegalArgumentException invalid(String name, Object value, String reason) {
        return new IllegalArgumentException("invalid value " + value + " for model setting " + name + ": " + reason);
    }
}
