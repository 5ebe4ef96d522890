package dev.lockstep.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Serving's alert rules ({@code src/main/prometheus/serving-alerts.yml}) pass {@code promtool check rules}
 * and their unit tests ({@code promtool test rules}). promtool is required, never skipped: a missing one
 * fails here (.ci/run installs Debian's {@code prometheus} package before the build).
 */
class PrometheusRulesTest {

    private static final Path RULES = Path.of("src", "main", "prometheus");

    @Test
    void shouldPassPromtoolCheckAndTheRuleUnitTests() throws Exception {
        String promtool = promtool();

        assertThat(run(promtool, "check", "rules", "serving-alerts.yml")).contains("SUCCESS: 5 rules found");
        assertThat(run(promtool, "test", "rules", "serving-alerts.test.yml")).contains("SUCCESS");
    }

    private static String promtool() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new AssertionError("promtool is not on PATH (" + System.getenv("PATH")
                        + "): install Debian's prometheus package; .ci/run does"));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(RULES.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of %s:%n%s", List.of(command), output).isZero();
        return output;
    }
}
