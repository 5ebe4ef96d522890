package dev.lockstep.serving.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Model meters (serving/README.md): whether each model has a version loaded, version loads by outcome,
 * inference latency percentiles per model, and the distribution of each prediction field.
 */
public final class ModelMetrics {

    /** Buckets for probabilities; a prediction outside [0, 1] lands in the first or the +Inf bucket. */
    private static final double[] PREDICTION_BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> loaded = new ConcurrentHashMap<>();
    private final Map<String, Timer> inference = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> predictions = new ConcurrentHashMap<>();

    public ModelMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void loaded(String model, boolean isLoaded) {
        loaded.computeIfAbsent(model, m -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("lockstep.serving.model.loaded", value, AtomicInteger::get)
                    .description("1 while a version of the model is loaded and serving").tag("model", m)
                    .register(registry);
            return value;
        }).set(isLoaded ? 1 : 0);
    }

    void load(String model, boolean success) {
        Counter.builder("lockstep.serving.model.loads").description("model version loads by outcome")
                .tags("model", model, "outcome", success ? "loaded" : "failed").register(registry).increment();
    }

    /** Inference time of one prediction. */
    public void recordInference(String model, long nanos) {
        inference.computeIfAbsent(model, m -> Timer.builder("lockstep.serving.inference")
                .description("model inference latency of POST /v1/predict")
                .tag("model", m).publishPercentiles(0.5, 0.95, 0.99, 0.999).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void recordPrediction(String model, String field, double value) {
        predictions.computeIfAbsent(model + '\0' + field, k -> DistributionSummary.builder("lockstep.serving.prediction")
                .description("distribution of predicted values, per model and response field")
                .tags("model", model, "field", field).serviceLevelObjectives(PREDICTION_BUCKETS)
                .register(registry)).record(value);
    }
}
