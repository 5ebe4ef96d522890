package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingMainTest {

    @Test
    void shouldDefaultToTheBundledExampleOnPort8080() {
        ServingMain.Settings settings = ServingMain.Settings.from(Map.of());

        assertThat(settings.server().port()).isEqualTo(8080);
        assertThat(settings.server().maxEntities()).isEqualTo(100);
        assertThat(settings.server().maxThreads()).isEqualTo(32);
        assertThat(settings.redisUri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(settings.loadSpec().services()).containsKey("fraud_v1");
        assertThat(settings.kafkaBootstrap()).isEmpty();
        assertThat(settings.alertTopic()).isEqualTo("lockstep.serving.staleness-alerts");
        assertThat(settings.server().stalenessCheckInterval()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(settings.server().shutdownGrace()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(settings.accessLog()).isEmpty();
        assertThat(settings.warmup()).isEmpty();
    }

    @Test
    void shouldTakeSettingsFromTheEnvironment() {
        ServingMain.Settings settings = ServingMain.Settings.from(Map.of("LOCKSTEP_HTTP_PORT", "9090",
                "LOCKSTEP_MAX_ENTITIES", "7", "LOCKSTEP_REDIS_URI", "redis://redis:6379",
                "LOCKSTEP_SPEC", "classpath:specs/serving-test.yaml", "LOCKSTEP_KAFKA_BOOTSTRAP", "kafka:9092",
                "LOCKSTEP_DLQ_TOPIC", "dlq", "LOCKSTEP_MAX_THREADS", "12", "LOCKSTEP_STALENESS_CHECK_MS", "0",
                "LOCKSTEP_SHUTDOWN_GRACE_MS", "1500", "LOCKSTEP_ACCESS_LOG", "stderr"));

        assertThat(settings.server().port()).isEqualTo(9090);
        assertThat(settings.server().maxEntities()).isEqualTo(7);
        assertThat(settings.server().maxThreads()).isEqualTo(12);
        assertThat(settings.redisUri()).isEqualTo("redis://redis:6379");
        assertThat(settings.loadSpec().services()).containsKey("fraud_strict");
        assertThat(settings.kafkaBootstrap()).contains("kafka:9092");
        assertThat(settings.deadLetterTopic()).isEqualTo("dlq");
        assertThat(settings.server().stalenessCheckInterval()).isZero();
        assertThat(settings.server().shutdownGrace()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(settings.accessLog()).contains("stderr");
    }

    @Test
    void shouldServeModelsOnlyWhenAModelDirectoryIsSet() {
        ServingMain.Settings settings = ServingMain.Settings.from(Map.of("LOCKSTEP_MODELS_DIR", "/srv/models",
                "LOCKSTEP_MODEL_POLL_MS", "250", "LOCKSTEP_INFERENCE_TIMEOUT_MS", "40",
                "LOCKSTEP_MODEL_WARMUP_TIMEOUT_MS", "5000"));

        assertThat(ServingMain.Settings.from(Map.of()).models()).isEmpty();
        assertThat(settings.models()).contains(new ModelConfig(java.nio.file.Path.of("/srv/models"),
                java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(40), java.time.Duration.ofSeconds(5)));
        assertThat(ServingMain.Settings.from(Map.of("LOCKSTEP_MODELS_DIR", "/m")).models().orElseThrow()
                .warmUpTimeout()).isEqualTo(ModelConfig.DEFAULT_WARM_UP_TIMEOUT);
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_MODELS_DIR", "/m",
                "LOCKSTEP_INFERENCE_TIMEOUT_MS", "0")))
                .hasMessage("invalid value PT0S for model setting inferenceTimeout: must be a positive duration");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_MODELS_DIR", "/m",
                "LOCKSTEP_MODEL_WARMUP_TIMEOUT_MS", "0")))
                .hasMessage("invalid value PT0S for model setting warmUpTimeout: must be a positive duration");
    }

    @Test
    void shouldNameTheVariableAndValueOfABadNumber() {
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_MAX_ENTITIES", "lots")))
                .hasMessage("invalid value 'lots' for environment variable LOCKSTEP_MAX_ENTITIES: must be an integer");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_MAX_ENTITIES", "0")))
                .hasMessage("invalid value 0 for serving setting maxEntities: must be at least 1");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_MAX_THREADS", "2")))
                .hasMessage("invalid value 2 for serving setting maxThreads: must be at least 4 (Jetty needs threads for its selector)");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_STALENESS_CHECK_MS", "-1")))
                .hasMessage("invalid value PT-0.001S for serving setting stalenessCheckInterval: must be a non-negative duration");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_SHUTDOWN_GRACE_MS", "-5")))
                .hasMessage("invalid value PT-0.005S for serving setting shutdownGrace: must be a non-negative duration");
    }

    @Test
    void shouldWarmUpWithTheRequestsOfTheGivenFileForThirtySecondsByDefault() {
        String file = "bench/warmup.jsonl"; // serving/bench's, from the module's directory where tests run

        ServingMain.Settings settings = ServingMain.Settings.from(Map.of("LOCKSTEP_WARMUP_REQUESTS", file));
        ServingMain.Settings shorter = ServingMain.Settings.from(Map.of("LOCKSTEP_WARMUP_REQUESTS", file,
                "LOCKSTEP_WARMUP_SECONDS", "5"));

        assertThat(settings.warmup()).hasValueSatisfying(warmup -> {
            assertThat(warmup.duration()).isEqualTo(java.time.Duration.ofSeconds(30));
            assertThat(warmup.requests()).extracting(Warmup.Request::path)
                    .containsExactly("/v1/predict/fraud", "/v1/features");
        });
        assertThat(shorter.warmup().orElseThrow().duration()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(settings.toString()).contains("warmup=2 request(s) for 30 s");
    }

    @Test
    void shouldNameTheWarmupVariableThatIsWrong() {
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_WARMUP_SECONDS", "10")))
                .hasMessage("LOCKSTEP_WARMUP_SECONDS is set but LOCKSTEP_WARMUP_REQUESTS, the requests to warm up with, "
                        + "is not");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_WARMUP_REQUESTS", "bench/warmup.jsonl",
                "LOCKSTEP_WARMUP_SECONDS", "-1")))
                .hasMessage("invalid value '-1' for environment variable LOCKSTEP_WARMUP_SECONDS: must be 0 or more");
        assertThatThrownBy(() -> ServingMain.Settings.from(Map.of("LOCKSTEP_WARMUP_REQUESTS", "bench/absent.jsonl")))
                .hasMessageStartingWith("invalid value 'bench/absent.jsonl' for environment variable "
                        + "LOCKSTEP_WARMUP_REQUESTS: cannot read the warm-up requests bench/absent.jsonl: ");
    }
}
