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
 * @param warmUpTimeout    a new version's first inference (on its defaults, before any request sees it)
 *                         that takes longer is stopped and the version refused: a run that never ends would
 *                         otherwise hold up every later reload, and shutdown
 */
public record ModelConfig(Path root, Duration pollInterval, Duration inferenceTimeout, Duration warmUpTimeout) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INFERENCE_TIMEOUT = Duration.ofMillis(100);
    /** Generous: a first run also allocates the session's memory and may take many steady runs' time. */
    public static final Duration DEFAULT_WARM_UP_TIMEOUT = Duration.ofSeconds(30);

    public ModelConfig {
        Objects.requireNonNull(root, "root");
        if (pollInterval == null || pollInterval.isNegative()) {
            throw invalid("pollInterval", pollInterval, "must be a non-negative duration");
        }
        if (inferenceTimeout == null || inferenceTimeout.isNegative() || inferenceTimeout.isZero()) {
            throw invalid("inferenceTimeout", inferenceTimeout, "must be a positive duration");
        }
        if (warmUpTimeout == null || warmUpTimeout.isNegative() || warmUpTimeout.isZero()) {
            throw invalid("warmUpTimeout", warmUpTimeout, "must be a positive duration");
        }
    }

    /** Polls every second, 100 ms inference timeout, 30 s for a new version's first inference. */
    public static ModelConfig defaults(Path root) {
        return new ModelConfig(root, DEFAULT_POLL_INTERVAL, DEFAULT_INFERENCE_TIMEOUT, DEFAULT_WARM_UP_TIMEOUT);
    }

    public ModelConfig withPollInterval(Duration interval) {
        return new ModelConfig(root, interval, inferenceTimeout, warmUpTimeout);
    }

    public ModelConfig withInferenceTimeout(Duration timeout) {
        return new ModelConfig(root, pollInterval, timeout, warmUpTimeout);
    }

    public ModelConfig withWarmUpTimeout(Duration timeout) {
        return new ModelConfig(root, pollInterval, inferenceTimeout, timeout);
    }

    private static IllegalArgumentException invalid(String name, Object value, String reason) {
        return new IllegalArgumentException("invalid value " + value + " for model setting " + name + ": " + reason);
    }
}
