package dev.lockstep.streaming.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingMainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(Map<String, String> env, String... args) {
        return StreamingMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    }

    @Test
    void shouldExitWithUsageWhenNoCommandIsGiven() {
        assertThat(execute(Map.of())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command: run, rebuild-redis or reinject-dlq").contains("Usage: lockstep-streaming");
    }

    @Test
    void shouldExitWithUsageWhenTheConfigOptionIsMissing() {
        assertThat(execute(Map.of(), "rebuild-redis")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=<file>'");
    }

    @Test
    void shouldExitWithUsageOnAnUnknownCommandOrOption() {
        assertThat(execute(Map.of(), "rebuild")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'rebuild'");
        assertThat(execute(Map.of(), "run", "--config", "x.properties", "--fast")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--fast'");
    }

    @Test
    void shouldRejectATimeoutThatIsNotADuration() {
        assertThat(execute(Map.of(), "rebuild-redis", "--config", "x.properties", "--timeout", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("'10' is not an ISO-8601 duration such as PT30M");
    }

    @Test
    void shouldRefuseToReinjectDeadLettersThatResendingCannotFix() {
        assertThat(execute(Map.of(), "reinject-dlq", "--config", "x.properties", "--source", "transactions",
                "--reason", "TOO_LATE")).isEqualTo(2);
        assertThat(err.toString()).contains("--reason TOO_LATE: TOO_LATE dead letters cannot be re-sent");
        assertThat(execute(Map.of(), "reinject-dlq", "--config", "x.properties", "--source", "transactions",
                "--reason", "ARRIVAL_REGRESSED")).isEqualTo(2);
        assertThat(err.toString()).contains("a backfill of their arrival range applies them");
        assertThat(execute(Map.of(), "reinject-dlq", "--config", "x.properties", "--source", "transactions",
                "--reason", "LATE")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--reason'").contains("UNKNOWN_SCHEMA");
    }

    @Test
    void shouldNameTheSpecsSourcesWhenAskedToReinjectForAnUnknownOne() throws IOException {
        Path spec = dir.resolve("features.yaml");
        try (var in = StreamingMainTest.class.getClassLoader().getResourceAsStream("examples/fraud/features.yaml")) {
            Files.copy(in, spec);
        }
        Path config = Files.writeString(dir.resolve("streaming.properties"),
                "bootstrap.servers=localhost:1\nspec.file=" + spec + "\nschema.registry.url=mem://x\n");
        assertThat(execute(Map.of(), "reinject-dlq", "--config", config.toString(), "--source", "payments",
                "--reason", "UNKNOWN_SCHEMA")).isEqualTo(2);
        assertThat(err.toString()).contains("--source payments: the spec has no such source; it has [transactions]");
    }

    @Test
    void shouldFailNamingTheFileWhenTheConfigCannotBeRead() {
        Path missing = dir.resolve("missing.properties");
        assertThat(execute(Map.of(), "run", "--config", missing.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("run failed: cannot read streaming config file " + missing);
    }

    @Test
    void shouldFailNamingEveryInvalidKey() throws IOException {
        Path config = Files.writeString(dir.resolve("streaming.properties"), "metrics.port=http\nredis.uri=localhost\n");
        assertThat(execute(Map.of(), "rebuild-redis", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("rebuild-redis failed: Invalid streaming configuration")
                .contains("configuration bootstrap.servers: must be set")
                .contains("Invalid value 'http' for configuration metrics.port")
                .contains("Invalid value 'localhost' for configuration redis.uri");
    }

    @Test
    void shouldRequireTheSpecFileAndNameItsEnvironmentVariable() throws IOException {
        Path config = Files.writeString(dir.resolve("streaming.properties"), "bootstrap.servers=localhost:1\n");
        assertThat(execute(Map.of(), "run", "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("configuration spec.file: must be set").contains("LOCKSTEP_SPEC_FILE");
    }

    @Test
    void shouldTakeOverridesFromTheEnvironment() throws IOException {
        Path config = Files.writeString(dir.resolve("streaming.properties"), "bootstrap.servers=localhost:1\n");
        Path spec = dir.resolve("nowhere.yaml");
        assertThat(execute(Map.of("LOCKSTEP_SPEC_FILE", spec.toString()), "run", "--config", config.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("run failed:").contains(spec.toString());
    }
}
